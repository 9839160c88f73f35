"""Key B's service while key A attacks it, on loopback: B's latencies alone, then under each
attack in turn, the service's peak RSS in each phase, and what B lost.

    .venv/bin/python bench/hostile_neighbour.py [--rounds 8] [--timeout 60]

Key B's workload, `--rounds` times per phase: a short clip uploaded for its WebSocket session
and the push of its transcript (`push`), `GET /v1/jobs` (`list`), a new socket's greeting
(`greet`). Key A's attacks, each started before B's rounds and stopped after them:
- `slow uploads`: 200 POST /v1/jobs announcing 1 MB and sending a byte a second;
- `sync silence`: 50 callers, each keeping one POST /v1/audio/transcriptions of 10 minutes of
  FLAC silence in flight (a refusal is retried a second later);
- `queued jobs`: 100 jobs of a minute of speech queued before B's rounds (fair scheduling
  across keys is i10c's part; without it B's push waits for the queue);
- `unsigned notify`: AWS mode only (moto's server on loopback stands in for S3 and
  Transcribe), 1 000 keep-alive connections, each posting an unsigned POST /notify as soon as
  its last one is answered, for as long as B's rounds last; every message's certificate URL is
  its own and points at a loopback port that accepts connections and never answers, and each
  passes every other face check (a UUID MessageId, a fresh Timestamp), so it is refused at the
  last one. B's `push` there is the upload's 202 (no transcript comes back without SNS).
Each phase starts with one round of B's `list` and `greet` that is not counted: it opens B's
connection and warms the service, which the AWS baseline (first on its service) would else
pay alone. A round that gets no answer within `--timeout` seconds is counted lost. Every
phase reports the service's CPU time, and per request of key A's. Every process the bench
starts is loopback-only and stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import itertools
import json
import multiprocessing
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import wave
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import av
import httpx
import numpy as np
import websockets

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from tests.integration.service import RunningService, free_port, start_service  # noqa: E402

KEY_A, KEY_B = "hostile-key-a-0123456", "neighbour-key-b-01234"
CLIP = (ROOT / "tests" / "integration" / "fixtures" / "speech.wav").read_bytes()


@dataclass
class Phase:
    name: str
    seconds: dict[str, list[float]] = field(default_factory=lambda: {"push": [], "list": [], "greet": []})
    lost: list[str] = field(default_factory=list)
    peak_rss_mb: float = 0.0
    attack_note: str = ""
    attack_requests: int = 0  # key A's requests the service answered
    service_cpu_s: float = 0.0  # the service process's CPU time (user and system) in the phase
    seconds_taken: float = 0.0  # the phase's wall time
    start_waits: list[float] = field(default_factory=list)  # B's jobs: created to started


class RssWatch:
    """The service process's largest resident set while the block runs, sampled every 0.2 s."""

    def __init__(self, pid: int) -> None:
        self._pid, self.peak_kb, self._stop = pid, 0, threading.Event()

    def __enter__(self) -> RssWatch:
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.wait(0.2):
            try:
                for line in Path(f"/proc/{self._pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        self.peak_kb = max(self.peak_kb, int(line.split()[1]))
            except OSError:
                return


def flac_silence(seconds: int) -> bytes:
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="flac") as out:
        stream = out.add_stream("flac", rate=16000, layout="mono")
        second = np.zeros((1, 16000), np.int16)
        for i in range(seconds):
            frame = av.AudioFrame.from_ndarray(second, format="s16", layout="mono")
            frame.sample_rate, frame.pts = 16000, i * 16000
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    return buffer.getvalue()


def repeated_speech(times: int) -> bytes:
    with wave.open(io.BytesIO(CLIP)) as source:
        params, frames = source.getparams(), source.readframes(source.getnframes())
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setparams(params)
        for _ in range(times):
            out.writeframes(frames)
    return buffer.getvalue()


# --- key B ---------------------------------------------------------------------------------


async def b_round(
    service: RunningService, http: httpx.AsyncClient, phase: Phase, timeout: float, push: bool, clip: bool = True
) -> None:
    headers = {"X-API-Key": KEY_B}

    async def timed(kind: str, work: Callable[[], Awaitable[None]]) -> None:
        began = time.monotonic()
        try:
            await asyncio.wait_for(work(), timeout)
            phase.seconds[kind].append(time.monotonic() - began)
        except Exception as error:  # a lost round, whatever the reason
            phase.lost.append(f"{kind}: {type(error).__name__} {str(error)[:80]}")

    async def listing() -> None:
        (await http.get(f"{service.http}/v1/jobs?limit=5", headers=headers)).raise_for_status()

    async def greeting() -> None:
        async with websockets.connect(f"{service.ws}/notification?token={KEY_B}") as ws:
            assert "session_id" in json.loads(await ws.recv())

    async def clip_to_push() -> None:
        async with websockets.connect(f"{service.ws}/notification?token={KEY_B}") as ws:
            session = json.loads(await ws.recv())["session_id"]
            answer = await http.post(
                f"{service.http}/upload-audio", headers=headers,
                files={"file": ("b.wav", CLIP)}, data={"session_id": session},
            )  # fmt: skip
            answer.raise_for_status()
            if not push:
                return
            while True:
                message = json.loads(await ws.recv())
                if message.get("type") in ("job.completed", "job.failed"):
                    assert message["type"] == "job.completed", message
                    break
            job = (await http.get(f"{service.http}/v1/jobs/{answer.json()['id']}", headers=headers)).json()
            created, started = (datetime.fromisoformat(job[k]) for k in ("created_at", "started_at"))
            phase.start_waits.append((started - created).total_seconds())

    await timed("list", listing)
    await timed("greet", greeting)
    if clip:
        await timed("push", clip_to_push)


async def b_workload(service: RunningService, phase: Phase, rounds: int, timeout: float, push: bool = True) -> None:
    async with httpx.AsyncClient(timeout=timeout) as http:
        warm_up = Phase("warm-up")
        await b_round(service, http, warm_up, timeout, push=False, clip=False)  # no job of B's queued by it
        phase.lost += [f"warm-up {entry}" for entry in warm_up.lost]
        for _ in range(rounds):
            await b_round(service, http, phase, timeout, push)


# --- key A ---------------------------------------------------------------------------------


# Each attack returns what it saw, and how many of its requests the service answered.
Attack = Callable[[RunningService, asyncio.Event], Awaitable[tuple[str, int]]]


async def slow_uploads(service: RunningService, stop: asyncio.Event, count: int = 200) -> tuple[str, int]:
    head = (
        f"POST /v1/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: {KEY_A}\r\n"
        "Content-Type: multipart/form-data; boundary=xyz\r\nContent-Length: 1000000\r\n\r\n"
        '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.wav"\r\n\r\n'
    ).encode()
    answers: dict[str, int] = {}

    async def upload() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", service.port)
        writer.write(head)
        answer = asyncio.create_task(reader.readline())
        while not stop.is_set() and not answer.done():
            writer.write(b"\0")
            await asyncio.wait([answer], timeout=1.0)
        status = (
            answer.result().split(b" ")[1].decode() if answer.done() and not answer.exception() else "still sending"
        )
        answer.cancel()
        answers[status] = answers.get(status, 0) + 1
        writer.close()

    await asyncio.gather(*(upload() for _ in range(count)), return_exceptions=True)
    return f"200 slow uploads, answered: {answers}", count


async def sync_silence(service: RunningService, stop: asyncio.Event, callers: int = 50) -> tuple[str, int]:
    audio = flac_silence(10 * 60)
    statuses: dict[int, int] = {}

    async def caller(http: httpx.AsyncClient) -> None:
        while not stop.is_set():
            try:
                answer = await http.post(
                    f"{service.http}/v1/audio/transcriptions", headers={"X-API-Key": KEY_A},
                    files={"file": ("silence.flac", audio)}, data={"model": "whisper-1"},
                )  # fmt: skip
                statuses[answer.status_code] = statuses.get(answer.status_code, 0) + 1
                if answer.status_code != 200:
                    await asyncio.sleep(1.0)
            except httpx.HTTPError:  # refused while still sending: the server closed on its 429
                statuses[0] = statuses.get(0, 0) + 1
                await asyncio.sleep(1.0)

    async with httpx.AsyncClient(timeout=600) as http:
        tasks = [asyncio.create_task(caller(http)) for _ in range(callers)]
        await stop.wait()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return f"50 sync callers of 10 min FLAC silence, answers by status: {statuses}", sum(statuses.values())


async def queued_jobs(service: RunningService, stop: asyncio.Event, count: int = 100) -> tuple[str, int]:
    audio = repeated_speech(6)  # a minute
    ids, statuses = [], {}
    async with httpx.AsyncClient(timeout=300) as http:

        async def submit() -> None:
            answer = await http.post(
                f"{service.http}/v1/jobs", headers={"X-API-Key": KEY_A}, files={"file": ("a.wav", audio)}
            )
            statuses[answer.status_code] = statuses.get(answer.status_code, 0) + 1
            if answer.status_code == 202:
                ids.append(answer.json()["id"])

        for _ in range(count // 10):  # ten at a time: within A's uploads in flight
            await asyncio.gather(*(submit() for _ in range(10)))
        await stop.wait()
        lengths = await run_lengths(http, service, ids)
        for job_id in ids:  # leave the service as found
            await http.post(f"{service.http}/v1/jobs/{job_id}/cancel", headers={"X-API-Key": KEY_A})
    ran = (
        f"{len(lengths)} of A's ran, start to end p50 {percentile(lengths, 0.5):.2f} s, max {max(lengths):.2f} s"
        if lengths
        else "none of A's ended"
    )  # B's push should take no longer than one of these
    return f"100 jobs of 1 min queued, answers by status: {statuses}; {ran}", sum(statuses.values())


async def run_lengths(http: httpx.AsyncClient, service: RunningService, ids: list[str]) -> list[float]:
    """How long each of A's jobs that ended took from its start to its end, from the job records."""
    lengths = []
    for job_id in ids:
        job = (await http.get(f"{service.http}/v1/jobs/{job_id}", headers={"X-API-Key": KEY_A})).json()
        if job.get("started_at") and job.get("finished_at") and job.get("status") == "COMPLETED":
            started, finished = (
                datetime.fromisoformat(job[k].replace("Z", "+00:00")) for k in ("started_at", "finished_at")
            )
            lengths.append((finished - started).total_seconds())
    return lengths


def silent_listener() -> tuple[socket.socket, int]:
    """A loopback port that accepts connections (the kernel does, up to its backlog) and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4096)
    return listener, listener.getsockname()[1]


def forged_notification(n: int, cert_port: int) -> bytes:
    """POST /notify of an unsigned message that passes every face check before its certificate
    URL's: that URL is its own (a fetch of it would be one more) and has a port and a query."""
    message = {
        "Type": "Notification", "MessageId": str(uuid.uuid4()), "TopicArn": "arn:aws:sns:us-east-1:123456789012:t",
        "Message": "{}", "Timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z",
        "SignatureVersion": "1", "Signature": "AAAA",
        "SigningCertURL": f"https://127.0.0.1:{cert_port}/SimpleNotificationService-{n:x}.pem?{n}",
    }  # fmt: skip
    body = json.dumps(message).encode()
    head = (
        f"POST /notify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def answer_status(reader: asyncio.StreamReader) -> int:
    """Reads one HTTP answer off a keep-alive connection; its status."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    length = next((int(line.split(b":")[1]) for line in lines if line.lower().startswith(b"content-length:")), 0)
    await reader.readexactly(length)
    return int(lines[0].split(b" ")[1])


async def unsigned_notify(service: RunningService, stop: asyncio.Event, connections: int = 1000) -> tuple[str, int]:
    """As an attacker would: as many connections as it may open at once (1 000, within the
    service's cap), each sending its next message the moment the last is answered, the bytes
    written on raw sockets so that A's own client costs little beside the service's work."""
    listener, port = silent_listener()
    statuses: dict[int, int] = {}
    numbers = itertools.count()

    async def poster() -> None:
        while not stop.is_set():
            try:
                reader, writer = await asyncio.open_connection("127.0.0.1", service.port)
            except OSError:
                statuses[0] = statuses.get(0, 0) + 1
                await asyncio.sleep(0.1)
                continue
            try:
                while not stop.is_set():
                    writer.write(forged_notification(next(numbers), port))
                    status = await answer_status(reader)
                    statuses[status] = statuses.get(status, 0) + 1
            except (OSError, asyncio.IncompleteReadError, ValueError):  # closed by the service: open another
                statuses[0] = statuses.get(0, 0) + 1
            finally:
                writer.close()

    began = time.monotonic()
    try:
        await asyncio.gather(*(poster() for _ in range(connections)))
    finally:
        listener.close()
    answered = sum(count for status, count in statuses.items() if status)
    rate = answered / (time.monotonic() - began)
    note = f"{connections} connections posting unsigned /notify, {rate:.0f} answered a second, by status: {statuses}"
    return note, answered


# --- running -------------------------------------------------------------------------------


class Attacker:
    """Key A's attack in a process of its own, as an attacker on another machine would be:
    in B's process, A's thousand requests would slow B's own event loop and B would time the
    bench, not the service."""

    def __init__(self, attack: Attack, port: int) -> None:
        context = multiprocessing.get_context("spawn")
        self._stop, self._notes = context.Event(), context.Queue()
        self._process = context.Process(target=_attack_process, args=(attack, port, self._stop, self._notes))
        self._process.start()

    def stop(self) -> tuple[str, int]:
        self._stop.set()
        note = self._notes.get(timeout=600)
        self._process.join(60)
        return note


def _attack_process(attack, port: int, stopped, notes) -> None:
    async def attacking() -> tuple[str, int]:
        stop = asyncio.Event()
        # the attack reads only the service's address; the process is the bench's to stop
        address = RunningService(process=None, port=port, data_dir=Path(), log_path=Path())  # type: ignore[arg-type]
        running = asyncio.create_task(attack(address, stop))
        while not stopped.is_set() and not running.done():
            await asyncio.sleep(0.2)
        stop.set()
        return await running

    try:
        notes.put(asyncio.run(attacking()))
    except Exception as error:  # the note says the attack broke, rather than the bench hanging
        notes.put((f"the attack failed: {type(error).__name__}: {error}", 0))


async def run_phase(
    service: RunningService,
    name: str,
    attack: Attack | None,
    rounds: int,
    timeout: float,
    push: bool = True,
    lead: float = 5.0,
) -> Phase:
    phase = Phase(name)
    cpu_before, began = cpu_seconds(service.process.pid), time.monotonic()
    with RssWatch(service.process.pid) as rss:
        attacker = Attacker(attack, service.port) if attack else None
        if attacker is not None:
            await asyncio.sleep(lead)  # the attack is under way before B's first round
        await b_workload(service, phase, rounds, timeout, push)
        if attacker is not None:
            phase.attack_note, phase.attack_requests = await asyncio.to_thread(attacker.stop)
    phase.service_cpu_s = cpu_seconds(service.process.pid) - cpu_before
    phase.seconds_taken = time.monotonic() - began
    phase.peak_rss_mb = rss.peak_kb / 1024
    return phase


def cpu_seconds(pid: int) -> float:
    """A process's user and system time so far, all its threads together."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


HEADER = (
    f"{'phase':<22} {'kind':<6} {'n':>3} {'p50 s':>7} {'p99 s':>7} {'x alone p99':>11} {'lost':>5} {'peak RSS MB':>11}"
)


def report(phase: Phase, alone: dict[tuple[str, str], float]) -> None:
    """One phase's rows, printed as soon as it ends; `alone` collects the baselines."""
    mode = "aws" if "notify" in phase.name or "aws" in phase.name else "whisper"
    if phase.name.startswith("alone"):
        alone[(mode, "cpu")] = phase.service_cpu_s
    for kind, values in phase.seconds.items():
        p99 = percentile(values, 0.99)
        if phase.name.startswith("alone"):
            alone[(mode, kind)] = p99
        base = alone.get((mode, kind))
        ratio = f"{p99 / base:.1f}" if base and values else "-"
        lost = sum(1 for entry in phase.lost if entry.startswith(kind))
        p50 = percentile(values, 0.5)
        print(
            f"{phase.name:<22} {kind:<6} {len(values):>3} {p50:>7.2f} {p99:>7.2f} {ratio:>11} {lost:>5} "
            f"{phase.peak_rss_mb:>11.0f}"
        )
    if phase.start_waits:
        waits = phase.start_waits
        print(f"    key B's jobs waited for a start: p50 {percentile(waits, 0.5):.2f} s, max {max(waits):.2f} s")
    if phase.attack_note:
        print(f"    key A: {phase.attack_note}")
    # B's own rounds cost what they cost alone: the rest of the phase's CPU is A's doing
    a_cpu = phase.service_cpu_s - alone.get((mode, "cpu"), 0.0)
    per_request = (
        f", {a_cpu / phase.attack_requests * 1e6:.0f} µs beyond B's own per request of key A's"
        f" ({a_cpu / phase.seconds_taken:.0%} of a core)"
        if phase.attack_requests
        else ""
    )
    print(f"    service CPU {phase.service_cpu_s:.1f} s in the phase{per_request}")
    for entry in sorted(set(phase.lost)):
        print(f"    lost ({phase.lost.count(entry)}x): {entry}")
    sys.stdout.flush()


def whisper_env() -> dict[str, str]:
    return {
        "VOXRELAY_API_KEYS": f"{KEY_A},{KEY_B}",
        "VOXRELAY_STORAGE": "local",
        "VOXRELAY_WHISPER_BEAM_SIZE": "1",
        "VOXRELAY_RATE_LIMIT_PER_MINUTE": "0",
        "VOXRELAY_LOG_LEVEL": "warning",
    }


def aws_service(data_dir: Path) -> tuple[RunningService, subprocess.Popen]:
    import boto3

    moto_port = free_port()
    moto = subprocess.Popen(
        [str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(moto_port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    endpoint = f"http://127.0.0.1:{moto_port}"
    aws = {
        "AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1", "NO_PROXY": "127.0.0.1",
    }  # fmt: skip
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(endpoint, timeout=1)
            break
        except httpx.HTTPError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                      aws_access_key_id="testing", aws_secret_access_key="testing")  # fmt: skip
    for bucket in ("hostile-in", "hostile-out"):
        s3.create_bucket(Bucket=bucket)
    env = {
        **whisper_env(), **aws, "VOXRELAY_STORAGE": "s3", "VOXRELAY_TRANSCRIBER": "aws",
        "VOXRELAY_S3_INPUT_BUCKET": "hostile-in", "VOXRELAY_S3_OUTPUT_BUCKET": "hostile-out",
        "VOXRELAY_SNS_TOPIC_ARNS": "arn:aws:sns:us-east-1:123456789012:t",
        "VOXRELAY_SNS_CERT_HOST_PATTERN": r"^127\.0\.0\.1$",  # the silent loopback "certificate host"
    }  # fmt: skip
    return start_service(data_dir, env=env), moto


async def main(args: argparse.Namespace) -> None:
    began = time.monotonic()
    alone: dict[tuple[str, str], float] = {}
    print(f"hostile neighbour, {os.cpu_count()} CPUs, {args.rounds} rounds of key B per phase, "
          f"{args.timeout:g} s before a round is lost")  # fmt: skip
    print(HEADER)
    with tempfile.TemporaryDirectory() as scratch:
        # A fresh service per phase: an attack's leftovers (a transcription still running, its
        # memory) must not be charged to the next one, and each phase's peak RSS is its own.
        whisper_phases = [
            ("alone whisper", None, args.rounds),
            ("slow uploads", slow_uploads, args.rounds),
            ("sync silence", sync_silence, args.rounds),
            # B's push waits for the queue until i10c's fair scheduling: a few rounds tell that.
            ("queued jobs", queued_jobs, min(args.rounds, 3)),
        ]
        for number, (name, attack, rounds) in enumerate(whisper_phases):
            if args.only and name not in args.only:
                continue
            service = start_service(Path(scratch) / f"whisper-{number}", env=whisper_env())
            try:
                report(await run_phase(service, name, attack, rounds, args.timeout), alone)
                print(f"    load average after it: {os.getloadavg()[0]:.1f}")
            finally:
                service.stop()
        if args.only and "unsigned notify" not in args.only:
            return
        service, moto = aws_service(Path(scratch) / "aws")
        try:
            report(await run_phase(service, "alone aws", None, args.rounds, args.timeout, push=False), alone)
            notify = await run_phase(
                service, "unsigned notify", unsigned_notify, args.rounds, args.timeout, push=False, lead=2.0
            )
            report(notify, alone)
        finally:
            service.stop()
            moto.terminate()
            moto.wait(10)
    print(f"{time.monotonic() - began:.0f} s in all")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument(
        "--only", nargs="*", help="phase names to run (with their baseline), e.g. 'alone whisper' 'slow uploads'"
    )
    asyncio.run(main(parser.parse_args()))
