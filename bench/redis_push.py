"""Redis mode: idle WebSocket sessions per API process, and push latency across replicas.

Starts a private redis-server and `voxrelay serve --no-worker` replicas (state=redis) on
loopback, then:

1. opens --sessions idle WebSocket sessions, spread over the replicas, from --clients
   client processes (asyncio `websockets`), and reports each replica's resident memory
   before and after, per session;
2. completes --rate jobs per second for --seconds seconds, each owned by a random one of
   those sessions, through the same path a worker takes: `CompleteJob` from the container
   in redis state (save transcript and job, keep the result pending for the session,
   publish on the bus). Each replica's listener hands the push to its socket. Latency is
   measured from just before `CompleteJob.execute` to the moment the client has parsed the
   push (wall clocks of one machine), and reported as p50/p99/max with the rate achieved.

The drivers and the client processes are load generators, not the service: they run at
nice --nice (10 unless told), so on a machine with fewer cores than the run needs the API
replicas and redis-server, the processes measured, are not queued behind them. The latency
still includes them: CompleteJob runs in a driver, and a push counts once a client parsed it.
`--nice 0` runs them at the service's priority. The output says which. Each client process
holds thousands of sockets, so its cycle collector is off from the moment they are open until
the drive is over: its pauses (44-139 ms, a full collection 0.9-1.8 s) are not the service's.

Runs once with one replica holding every session, then with two replicas holding half each.

    .venv/bin/python bench/redis_push.py [--sessions 10000] [--rate 1000] [--seconds 10] [--nice 10]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import gc
import json
import os
import random
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from application.use_cases import CompleteJobCommand  # noqa: E402
from domain.job import TranscriptionJob  # noqa: E402
from domain.transcript import Segment, Transcript  # noqa: E402
from domain.values import AudioReference, MediaFormat, SessionId  # noqa: E402
from entrypoints.container import build_container  # noqa: E402
from entrypoints.settings import Settings  # noqa: E402
from tests.integration.service import start_service  # noqa: E402
from tests.redis_server import RedisServer, running_redis_server  # noqa: E402


def raise_fd_limit() -> int:
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard


# --- client process -------------------------------------------------------------------


async def client_main(urls: list[str], count: int, niceness: int) -> None:
    from websockets.asyncio.client import connect

    raise_fd_limit()
    os.nice(niceness)
    latencies: list[tuple[float, float]] = []  # (when the push was sent, its latency)
    sockets, sessions = [], []

    async def open_one(url: str) -> None:
        ws = await connect(f"{url}/notification", ping_interval=None, open_timeout=60, max_size=2**20)
        sessions.append(json.loads(await ws.recv())["session_id"])
        sockets.append(ws)

    started = time.monotonic()
    for batch in range(0, count, 250):
        await asyncio.gather(*(open_one(urls[i % len(urls)]) for i in range(batch, min(count, batch + 250))))
    print(json.dumps({"sessions": sessions, "connect_seconds": time.monotonic() - started}), flush=True)

    closed: list[str] = []  # how each socket the server closed was closed

    async def read(ws) -> None:
        try:
            async for raw in ws:
                message = json.loads(raw)
                if message.get("type") == "job.completed":
                    sent = float(message["transcript"]["text"])
                    latencies.append((sent, time.time() - sent))
        except Exception as error:
            closed.append(repr(error)[:120])
        else:
            closed.append(f"closed {ws.close_code} {ws.close_reason}")

    readers = [asyncio.create_task(read(ws)) for ws in sockets]
    # A load generator's own pauses are not the service's: with 5 000 sockets in one client
    # process, its cycle collector stopped it for 44-139 ms at a time during the drive (and
    # 0.9-1.8 s for a full collection), and every push in flight meanwhile counted as late.
    # Ten thousand real clients are ten thousand processes; here the collector waits until
    # the drive is over.
    gc.collect()
    gc.freeze()
    gc.disable()
    loop = asyncio.get_running_loop()
    while (await loop.run_in_executor(None, sys.stdin.readline)).strip() == "count":
        print(json.dumps({"received": len(latencies)}), flush=True)
    print(json.dumps({"latencies": latencies, "closed": closed}), flush=True)  # after "stop"
    for task in readers:
        task.cancel()


# --- driver -----------------------------------------------------------------------------


def a_job(session: str) -> TranscriptionJob:
    """A running job of `session` whose audio key is one the local storage accepts (no file
    behind it: deleting it at the job's end costs what deleting a worker's upload costs,
    less the disk)."""
    job = TranscriptionJob.submit(
        audio=AudioReference(uuid.uuid4().hex, 1),
        media_format=MediaFormat.WAV,
        now=datetime.now(UTC),
        session_id=SessionId(session),
    )
    job.start(datetime.now(UTC))
    job.pull_events()
    return job


def drive(settings: Settings, sessions: list[str], args: argparse.Namespace, starting: Callable[[], None]) -> float:
    """Complete rate*seconds jobs on schedule from --drivers processes of --threads threads
    each (one process's GIL tops out below the rate asked); returns the rate achieved.
    `starting` is called once the jobs are stored, just before the drivers start."""
    import multiprocessing

    container = build_container(settings)
    jobs = container.job_repository()
    planned = [a_job(random.choice(sessions)) for _ in range(int(args.rate * args.seconds))]
    for job in planned:
        jobs.add(job)
    container.shutdown_resources()
    ids = [job.id.value for job in planned]
    starting()
    start = time.time() + 1.5  # the drivers' start, on the wall clock they share
    context = multiprocessing.get_context("fork")
    drivers = [
        context.Process(
            target=_drive_share, args=(settings, ids, args.rate, start, k, args.drivers, args.threads, args.nice)
        )
        for k in range(args.drivers)
    ]
    for driver in drivers:
        driver.start()
    for driver in drivers:
        driver.join()
    return len(planned) / (time.time() - start)


def _drive_share(
    settings: Settings, ids: list[str], rate: int, start: float, share: int, shares: int, threads: int, niceness: int
) -> None:
    os.nice(niceness)
    container = build_container(settings)
    complete = container.complete_job()
    mine = ids[share::shares]

    def run(offset: int) -> None:
        for index in range(offset, len(mine), threads):
            delay = start + (index * shares + share) / rate - time.time()
            if delay > 0:
                time.sleep(delay)
            sent = time.time()
            transcript = Transcript.from_segments((Segment(0.0, 1.0, repr(sent), ()),), language="en", duration=1.0)
            complete.execute(CompleteJobCommand(mine[index], transcript))

    workers = [threading.Thread(target=run, args=(k,)) for k in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    container.shutdown_resources()


# --- measuring ------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def slow_seconds(timed: list[tuple[float, float]], over: float) -> collections.Counter[int]:
    """How many pushes slower than `over` seconds were sent in each second of the drive."""
    if not timed:
        return collections.Counter()
    first = min(sent for sent, _ in timed)
    return collections.Counter(int(sent - first) for sent, latency in timed if latency > over)


def rss_mib(pid: int) -> float:
    return psutil.Process(pid).memory_info().rss / 2**20


def cpu_seconds(pid: int) -> float:
    times = psutil.Process(pid).cpu_times()
    return times.user + times.system


def reaped_children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def ask(clients: list[subprocess.Popen], line: str) -> list[dict]:
    for client in clients:
        client.stdin.write(line + "\n")
        client.stdin.flush()
    return [json.loads(client.stdout.readline()) for client in clients]


def wait_for_pushes(clients: list[subprocess.Popen], expected: int, patience: float) -> int:
    """Until every push arrived or none arrived for `patience` seconds; returns how many did."""
    received, last_change, seen = 0, time.monotonic(), -1
    while received < expected and time.monotonic() - last_change < patience:
        time.sleep(0.25)
        received = sum(answer["received"] for answer in ask(clients, "count"))
        if received != seen:
            seen, last_change = received, time.monotonic()
    return received


def still_pending(url: str) -> int:
    import redis

    with redis.Redis.from_url(url) as client:
        return sum(client.llen(key) for key in client.scan_iter(match="voxrelay:session:*:pending", count=1000))


def profile(py_spy: str, pids: list[int], seconds: float, out: Path) -> list[subprocess.Popen]:
    """py-spy sampling each API process while the drivers run (collapsed stacks, one per line)."""
    return [
        subprocess.Popen(
            [
                py_spy,
                *("record", "--pid", str(pid), "--duration", str(int(seconds)), "--rate", "200"),
                *("--format", "raw", "--output", str(out / f"api-{index}.txt"), "--nonblocking"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for index, pid in enumerate(pids)
    ]


def run_round(redis: RedisServer, db: int, replicas: int, args: argparse.Namespace, workdir: Path) -> dict:
    url = redis.url.replace("/0", f"/{db}")
    env = {
        "VOXRELAY_STATE": "redis",
        "VOXRELAY_REDIS_URL": url,
        "VOXRELAY_WORKER": "false",
        "VOXRELAY_LOG_LEVEL": "warning",
        "VOXRELAY_SESSION_TTL_SECONDS": "3600",
        "VOXRELAY_MAX_SOCKETS_PER_KEY": "0",
    }  # every socket here is the one anonymous caller
    data_dir = workdir / f"data-{db}"
    settings = Settings(state="redis", redis_url=url, session_ttl_seconds=3600.0, data_dir=data_dir)
    apis = []
    try:
        if args.cprofile:
            env["VOXRELAY_PROFILE_OUT"] = str(args.profile.resolve() / f"api-{replicas}-replica.prof")
        launcher = "bench.profiled_service" if args.cprofile else "entrypoints.cli"
        apis += [start_service(data_dir, env, launcher=launcher) for _ in range(replicas)]
        time.sleep(1)
        before = [rss_mib(api.process.pid) for api in apis]
        per_client = args.sessions // args.clients
        clients = [
            subprocess.Popen(
                [
                    sys.executable,
                    __file__,
                    "--client",
                    str(per_client),
                    "--nice",
                    str(args.nice),
                    *[api.ws for api in apis],
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            for _ in range(args.clients)
        ]
        opened = [json.loads(c.stdout.readline()) for c in clients]
        sessions = [s for o in opened for s in o["sessions"]]
        time.sleep(2)
        after = [rss_mib(api.process.pid) for api in apis]
        print(
            f"\n== {replicas} replica(s): {len(sessions)} idle sessions "
            f"(opened in {max(o['connect_seconds'] for o in opened):.1f} s)"
        )
        for index, (b, a) in enumerate(zip(before, after)):
            held = len(sessions) / replicas
            print(f"  replica {index}: RSS {b:.0f} -> {a:.0f} MiB, {(a - b) * 1024 / held:.1f} KiB per session")

        watched = {
            **{f"api {i}": api.process.pid for i, api in enumerate(apis)},
            **{f"client {i}": c.pid for i, c in enumerate(clients)},
            "redis-server": redis.client().info("server")["process_id"],
        }
        cpu_before: dict[str, float] = {}
        profilers: list[subprocess.Popen] = []

        def starting() -> None:
            cpu_before.update({name: cpu_seconds(pid) for name, pid in watched.items()})
            cpu_before["drivers"] = reaped_children_cpu()
            cpu_before["load"] = os.getloadavg()[0]
            if args.cprofile:
                apis[0].process.send_signal(signal.SIGUSR1)
            if args.py_spy:
                profilers.extend(
                    profile(args.py_spy, [api.process.pid for api in apis], args.seconds + 2, args.profile)
                )

        achieved = drive(settings, sessions, args, starting)
        sent = int(args.rate * args.seconds)
        received = wait_for_pushes(clients, sent, patience=5.0)
        if args.cprofile:
            apis[0].process.send_signal(signal.SIGUSR2)
        cpu = {name: cpu_seconds(pid) - cpu_before[name] for name, pid in watched.items()}
        cpu["drivers"] = reaped_children_cpu() - cpu_before["drivers"]
        load_before, load_after = cpu_before["load"], os.getloadavg()[0]
        for profiler in profilers:
            profiler.wait(30)
        answers = ask(clients, "stop")
        timed = [v for answer in answers for v in answer["latencies"]]
        latencies = [latency for _, latency in timed]
        closed = collections.Counter(why for answer in answers for why in answer["closed"])
        for client in clients:
            client.wait(30)
        pending = still_pending(url)
        ms = [v * 1000 for v in latencies]
        if args.latencies_out:
            args.latencies_out.write_text(json.dumps(timed))
        print(f"  pushes: {sent} sent at {achieved:.0f}/s, {received} received, {pending} left pending in Redis")
        if closed:
            print(f"  sockets the server closed: {sum(closed.values())}, {dict(closed.most_common(3))}")
        for api in apis:
            warnings = [line for line in api.log().splitlines() if "WARNING" in line or "ERROR" in line]
            if warnings:
                print(f"  {len(warnings)} warning(s) in an API log, first: {warnings[0][:200]}")
        print(f"  load average {load_before:.2f} before the drive, {load_after:.2f} after")
        print("  CPU ms per push: " + ", ".join(f"{name} {seconds * 1000 / sent:.3f}" for name, seconds in cpu.items()))
        row = {
            "replicas": replicas,
            "sessions": len(sessions),
            "sent": sent,
            "received": received,
            "left_pending": pending,
            "closed_by_server": sum(closed.values()),
            "pushes_per_s": round(achieved),
            "rss_per_session_kib": round((after[0] - before[0]) * 1024 * replicas / len(sessions), 1),
            "cpu_ms_per_push": {name: round(seconds * 1000 / sent, 3) for name, seconds in cpu.items()},
            "load_average": [round(load_before, 2), round(load_after, 2)],
            "load_generators_nice": args.nice,
        }
        if ms:
            row.update(
                p50_ms=round(percentile(ms, 0.5), 1), p99_ms=round(percentile(ms, 0.99), 1), max_ms=round(max(ms), 1)
            )
            print(
                f"  latency completion->client: p50 {row['p50_ms']} ms, p99 {row['p99_ms']} ms, max {row['max_ms']} ms"
            )
            slow = slow_seconds(timed, 0.1)
            row.update(over_100_ms=sum(slow.values()), seconds_with_pushes_over_100_ms=len(slow))
            print(
                f"  pushes over 100 ms: {sum(slow.values())}, sent within {len(slow)} of the drive's "
                f"{args.seconds:.0f} s (a few seconds holding them all is a stall, not a queue)"
                + (
                    ": " + ", ".join(f"second {second}: {count}" for second, count in sorted(slow.items()))
                    if slow
                    else ""
                )
            )
            print(f"  the drive's first push was sent at {min(sent for sent, _ in timed):.3f} (wall clock)")
        return row
    finally:
        for api in apis:
            api.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=2, help="client processes")
    parser.add_argument("--rate", type=int, default=1000, help="pushes per second")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--replicas", default="1,2", help="rounds to run, by replica count")
    parser.add_argument("--drivers", type=int, default=4, help="driver processes running CompleteJob")
    parser.add_argument("--threads", type=int, default=4, help="threads per driver process")
    parser.add_argument("--nice", type=int, default=10, help="niceness of the drivers and clients (load generators)")
    parser.add_argument("--py-spy", help="a py-spy binary: sample each API process during the drive")
    parser.add_argument("--cprofile", action="store_true", help="cProfile the first API process during the drive")
    parser.add_argument("--profile", type=Path, default=Path("."), help="where profiles go")
    parser.add_argument(
        "--latencies-out",
        type=Path,
        help="write each push's (wall-clock send time, latency in s) of the last round as JSON here",
    )
    parser.add_argument("--client", type=int, help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args()
    if args.client is not None:
        asyncio.run(client_main(rest, args.client, args.nice))
        return
    print(f"open files limit: {raise_fd_limit()}; CPUs: {psutil.cpu_count()}; load average {os.getloadavg()[0]:.2f}")
    measure(args)


def measure(args: argparse.Namespace) -> list[dict]:
    defaults = {
        "drivers": 4,
        "threads": 4,
        "nice": 10,
        "py_spy": None,
        "cprofile": False,
        "profile": Path("."),
        "latencies_out": None,
    }
    args = argparse.Namespace(**{**defaults, **vars(args)})  # bench/report.py passes only the basics
    print(
        f"drivers ({args.drivers} processes x {args.threads} threads) and {args.clients} client processes "
        f"at nice {args.nice}, the clients' cycle collector off during the drive; "
        "API replicas and redis-server at this process's priority"
    )
    with tempfile.TemporaryDirectory() as tmp, running_redis_server(Path(tmp)) as redis:
        return [
            run_round(redis, db + 1, replicas, args, Path(tmp))
            for db, replicas in enumerate(int(r) for r in args.replicas.split(","))
        ]


if __name__ == "__main__":
    main()
