"""Load test on loopback: N clients, each with its own API key and WebSocket, upload short
clips for a while and receive every result; nothing may be lost or duplicated.

Starts a private redis-server on a free port, one `voxrelay serve --no-worker` and W
`voxrelay worker` processes (Redis state, local storage). Each client opens a session,
then loops until the duration ends: POST /upload-audio with a 1-3 s clip cut from the test
fixture, wait for that job's push on its socket (reconnecting with ?session_id= if the
socket drops), upload the next. Then every accepted job gets up to --drain seconds to arrive.

    .venv/bin/python bench/load_clients.py [--clients 200] [--duration 300] [--workers 1]

Prints submitted, completed, pushed, lost (accepted, never pushed), duplicated (pushed
twice to one client), unknown (pushed, never submitted by that client), answers by HTTP
status, and p50/p99 of the upload and of upload-to-push.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import random
import sys
import tempfile
import time
import wave
from pathlib import Path

import httpx
import websockets

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from tests.integration.service import start_service  # noqa: E402
from tests.redis_server import RedisServer, find_redis_server  # noqa: E402

SPEECH = ROOT / "tests" / "integration" / "fixtures" / "speech.wav"


def cut_clips(workdir: Path) -> list[bytes]:
    with wave.open(str(SPEECH)) as source:
        params, rate = source.getparams(), source.getframerate()
        frames = source.readframes(source.getnframes())
    width = params.sampwidth * params.nchannels
    clips = []
    for seconds in (1, 2, 3):
        path = workdir / f"clip-{seconds}s.wav"
        with wave.open(str(path), "wb") as out:
            out.setparams(params)
            out.writeframes(frames[: seconds * rate * width])
        clips.append(path.read_bytes())
    return clips


class Tally:
    def __init__(self) -> None:
        self.statuses: collections.Counter[str] = collections.Counter()
        self.accepted: dict[str, float] = {}  # job id -> upload start
        self.pushed: dict[str, float] = {}  # job id -> first push
        self.pushed_status: collections.Counter[str] = collections.Counter()
        self.duplicated = 0
        self.unknown = 0
        self.reconnects = 0
        self.upload_seconds: list[float] = []


class Client:
    def __init__(self, api: str, key: str, clips: list[bytes], tally: Tally) -> None:
        self.api, self.key, self.clips, self.tally = api, key, clips, tally
        self.session: str | None = None
        self.mine: set[str] = set()
        self.arrived: dict[str, asyncio.Event] = {}
        self.ready = asyncio.Event()

    async def listen(self, stop: asyncio.Event) -> None:
        ws_url = self.api.replace("http", "ws") + f"/notification?token={self.key}"
        while not stop.is_set():
            url = ws_url + (f"&session_id={self.session}" if self.session else "")
            try:
                async with websockets.connect(url, max_size=2**22, open_timeout=30) as ws:
                    greeting = json.loads(await ws.recv())
                    self.session = greeting["session_id"]
                    self.ready.set()
                    while not stop.is_set():
                        try:
                            raw = await asyncio.wait_for(ws.recv(), 1.0)
                        except TimeoutError:
                            continue
                        self.on_message(json.loads(raw))
            except (TimeoutError, OSError, websockets.ConnectionClosed, KeyError):
                self.tally.reconnects += 1
                await asyncio.sleep(0.5)

    def on_message(self, message: dict) -> None:
        job_id = message.get("job_id")
        if message.get("type") not in ("job.completed", "job.failed") or not job_id:
            return
        if job_id not in self.mine:
            self.tally.unknown += 1
        elif job_id in self.tally.pushed:
            self.tally.duplicated += 1
        else:
            self.tally.pushed[job_id] = time.monotonic()
            self.tally.pushed_status[message["type"]] += 1
        self.arrived.setdefault(job_id, asyncio.Event()).set()

    async def upload_loop(self, http: httpx.AsyncClient, until: float) -> None:
        await self.ready.wait()
        while time.monotonic() < until:
            clip = random.choice(self.clips)
            started = time.monotonic()
            try:
                answer = await http.post(
                    f"{self.api}/upload-audio",
                    files={"file": ("clip.wav", clip)},
                    data={"session_id": self.session},
                    headers={"X-API-Key": self.key},
                )
            except httpx.HTTPError as error:
                self.tally.statuses[type(error).__name__] += 1
                await asyncio.sleep(1)
                continue
            self.tally.statuses[str(answer.status_code)] += 1
            if answer.status_code != 202:
                await asyncio.sleep(float(answer.headers.get("Retry-After", 1)))
                continue
            self.tally.upload_seconds.append(time.monotonic() - started)
            job_id = answer.json()["id"]
            self.mine.add(job_id)
            self.tally.accepted[job_id] = started
            arrived = self.arrived.setdefault(job_id, asyncio.Event())
            try:
                await asyncio.wait_for(arrived.wait(), max(0.1, until - time.monotonic()))
            except TimeoutError:
                return


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def run_load(api: str, keys: list[str], clips: list[bytes], duration: float, drain: float) -> Tally:
    tally = Tally()
    clients = [Client(api, key, clips, tally) for key in keys]
    stop = asyncio.Event()
    limits = httpx.Limits(max_connections=len(keys), max_keepalive_connections=len(keys))
    async with httpx.AsyncClient(timeout=120, limits=limits) as http:
        listeners = [asyncio.create_task(c.listen(stop)) for c in clients]
        until = time.monotonic() + duration
        await asyncio.gather(*(c.upload_loop(http, until) for c in clients))
        deadline = time.monotonic() + drain
        while set(tally.accepted) - set(tally.pushed) and time.monotonic() < deadline:
            await asyncio.sleep(0.5)
        await asyncio.sleep(2)  # a late duplicate would arrive now
        stop.set()
        await asyncio.gather(*listeners, return_exceptions=True)
    return tally


def report(tally: Tally, elapsed: float, clients: int, workers: int) -> None:
    latencies = [tally.pushed[j] - tally.accepted[j] for j in tally.pushed]
    lost = len(set(tally.accepted) - set(tally.pushed))
    attempts = sum(tally.statuses.values())
    print(f"clients {clients}, workers {workers}, {os.cpu_count()} CPUs, {elapsed:.0f} s in all")
    print(
        f"submitted (202) {len(tally.accepted)}, pushed {len(tally.pushed)} "
        f"({dict(tally.pushed_status)}), lost {lost}, duplicated {tally.duplicated}, unknown {tally.unknown}"
    )
    print("answers: " + ", ".join(f"{s}: {n} ({n / attempts:.1%})" for s, n in sorted(tally.statuses.items())))
    print(f"socket reconnects {tally.reconnects}")
    print(
        f"upload p50 {percentile(tally.upload_seconds, 50) * 1000:.0f} ms, p99 {percentile(tally.upload_seconds, 99) * 1000:.0f} ms"
    )
    print(
        f"upload to push p50 {percentile(latencies, 50):.2f} s, p99 {percentile(latencies, 99):.2f} s; "
        f"{len(tally.pushed) / elapsed * 60:.0f} results/min"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--duration", type=float, default=300.0, help="seconds of uploading")
    parser.add_argument("--drain", type=float, default=300.0, help="seconds to wait for the last results")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--worker-concurrency", type=int, default=2)
    args = parser.parse_args()
    keys = [f"bench-key-{i:04d}-{os.urandom(6).hex()}" for i in range(args.clients)]
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        clips = cut_clips(workdir)
        redis = RedisServer(find_redis_server(), workdir)
        redis.start()
        env = {
            "VOXRELAY_STATE": "redis",
            "VOXRELAY_REDIS_URL": redis.url,
            "VOXRELAY_API_KEYS": ",".join(keys),
            "VOXRELAY_WHISPER_THREADS": "1",
            "VOXRELAY_CONCURRENCY": str(args.worker_concurrency),
        }
        started = []
        try:
            api_env = {**env, "VOXRELAY_WORKER": "false", "VOXRELAY_LOG_LEVEL": "warning"}
            started.append(start_service(workdir / "data", api_env))
            started += [start_service(workdir / "data", env, command="worker") for _ in range(args.workers)]
            begin = time.monotonic()
            tally = asyncio.run(run_load(started[0].http, keys, clips, args.duration, args.drain))
            report(tally, time.monotonic() - begin, args.clients, args.workers)
            lost = len(set(tally.accepted) - set(tally.pushed))
            return 1 if lost or tally.duplicated or tally.unknown else 0
        finally:
            for process in started:
                process.stop()
            redis.stop()


if __name__ == "__main__":
    sys.exit(main())
