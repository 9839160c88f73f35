"""Fair share between keys: how long key B's one short job waits behind 100 long jobs key A
queued first, in the embedded runner and in the Redis queue (a real redis-server, one
QueueWorker), on two source trees side by side (a baseline such as main, and this one).

The job runners, the queue and the use cases are the real ones; the engine is the scripted
one made to take `--long-seconds` per long job and 1 ms per short one, because what is
measured is the order jobs start in, not decoding (real decoding of 100 long jobs would
take the baseline most of an hour on a small machine). One worker thread, as with
VOXRELAY_CONCURRENCY=1. Key B's wait is printed in seconds and in key A's job lengths
(the target: at most one), with how many of key A's jobs started while B's waited (the
target: none; B's starts when the one running ends).

    .venv/bin/python bench/fair_share.py [--baseline /work/main/src] [--long-seconds 0.1] [--queued 100]
"""

from __future__ import annotations

import argparse
import inspect
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def measure(kind: str, queued: int, long_seconds: float, redis_url: str | None) -> dict[str, float]:
    from adapters.memory import (
        MemoryAudioStorage,
        MemoryJobRepository,
        MemorySessionStore,
        RecordingJobDispatcher,
        RecordingNotifier,
        ScriptedAudioProbe,
        ScriptedTranscriber,
    )
    from adapters.memory.scripted_engine import FAKE_AUDIO_MAGIC
    from application.use_cases import (
        CompleteJob,
        FailJob,
        NotifySession,
        ReceiveUpload,
        ReceiveUploadCommand,
        RunTranscription,
        SubmitAudio,
        SubmitAudioCommand,
    )

    storage, jobs, sessions = MemoryAudioStorage(), MemoryJobRepository(), MemorySessionStore(session_ttl_seconds=60)
    from application.job_endings import job_event_bus

    events = job_event_bus(_notify_session(NotifySession, sessions, RecordingNotifier(sessions)))
    transcriber = ScriptedTranscriber("hello")
    complete, fail = CompleteJob(jobs, events), FailJob(jobs, events)
    run = RunTranscription(jobs, storage, transcriber, complete, fail, progress_interval=0)
    probe = ScriptedAudioProbe()
    submit = SubmitAudio(storage, probe, jobs, sessions, RecordingJobDispatcher(), min_audio_seconds=0.0)
    receive = ReceiveUpload(storage, max_bytes=10_000)

    def engine_time() -> None:
        audio = transcriber.calls[-1][0]
        time.sleep(long_seconds if audio.endswith(b"long") else 0.001)

    transcriber.on_call = engine_time
    runner, stop = _runner(kind, run, fail, redis_url)

    def submitted(owner: str, length: str):
        job = submit.execute(
            SubmitAudioCommand(receive.execute(ReceiveUploadCommand([FAKE_AUDIO_MAGIC + length.encode()])), owner=owner)
        )
        runner(job)
        return job

    theirs = [submitted("key-a", "long") for _ in range(queued)]
    time.sleep(long_seconds / 2)  # key A's first job is running
    mine = submitted("key-b", "short")
    deadline = time.monotonic() + queued * long_seconds * 3 + 30
    while time.monotonic() < deadline:
        if jobs.get(mine.id).status.is_final:
            break
        time.sleep(0.005)
    stop()
    mine = jobs.get(mine.id)
    spans = [
        (j.finished_at - j.started_at).total_seconds()
        for j in map(jobs.get, (t.id for t in theirs))
        if j.finished_at is not None and j.started_at is not None
    ]
    wait = (mine.started_at - mine.created_at).total_seconds()
    a_length = sum(spans) / len(spans)
    overtook = sum(
        1
        for j in map(jobs.get, (t.id for t in theirs))
        if j.started_at is not None and mine.created_at <= j.started_at < mine.started_at
    )
    return {
        "wait_s": wait,
        "a_job_s": a_length,
        "wait_in_a_jobs": wait / a_length,
        "a_jobs_started_meanwhile": overtook,
    }


def _notify_session(notify_session, sessions, notifier):
    """NotifySession as the tree measured has it: now `(pending, notifier)`; a baseline may be
    older, with a store per role before the notifier (`(sessions, pending, notifier)`). The one
    memory store plays every store role, so each is given it, and the notifier goes last."""
    stores = len(inspect.signature(notify_session).parameters) - 1
    return notify_session(*[sessions] * stores, notifier)


def _runner(kind: str, run, fail, redis_url: str | None):
    if kind == "embedded":
        from entrypoints.local_runner import LocalJobRunner

        local = LocalJobRunner(run, fail, 1)
        return local.dispatch, local.stop
    import redis

    from adapters.redis import RedisJobQueue
    from entrypoints.queue_worker import QueueWorker

    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    queue = RedisJobQueue(client, claim_idle_ms=60_000)
    worker = QueueWorker(queue, run, fail, concurrency=1, claim_idle_seconds=60, block_ms=100)
    worker.start()
    return queue.dispatch, lambda: worker.stop(drain_seconds=30)


def one_tree(args: argparse.Namespace) -> None:
    sys.path[:0] = [args.src]
    logging_quiet()
    figures = {kind: measure(kind, args.queued, args.long_seconds, args.redis_url) for kind in ("embedded", "redis")}
    print(json.dumps(figures))


def logging_quiet() -> None:
    import logging

    logging.basicConfig(level=logging.ERROR)


def side_by_side(args: argparse.Namespace) -> None:
    sys.path[:0] = [str(ROOT)]
    from tests.redis_server import running_redis_server

    trees = {"baseline": args.baseline, "this tree": str(ROOT / "src")}
    results = {}
    with tempfile.TemporaryDirectory() as workdir, running_redis_server(Path(workdir)) as server:
        for name, src in trees.items():
            command = [
                sys.executable,
                __file__,
                "--src",
                src,
                "--redis-url",
                server.url,
                "--queued",
                str(args.queued),
                "--long-seconds",
                str(args.long_seconds),
            ]
            done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
            results[name] = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"key B's short job behind {args.queued} queued jobs of key A ({args.long_seconds:g} s each), one worker")
    print(
        f"{'scheduler':<10} {'tree':<10} {'B waited':>9} {'A job':>7} {'in A jobs':>10} {'A jobs started while B waited':>29}"
    )
    for kind in ("embedded", "redis"):
        for name in trees:
            f = results[name][kind]
            print(
                f"{kind:<10} {name:<10} {f['wait_s']:>8.2f}s {f['a_job_s']:>6.3f}s {f['wait_in_a_jobs']:>10.2f} "
                f"{f['a_jobs_started_meanwhile']:>29}"
            )
        ratio = results["baseline"][kind]["wait_s"] / max(results["this tree"][kind]["wait_s"], 1e-9)
        print(f"{kind:<10} baseline wait / this tree's wait: {ratio:.0f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", default=str(ROOT.parents[1] / "main" / "src"))
    parser.add_argument("--queued", type=int, default=100)
    parser.add_argument("--long-seconds", type=float, default=0.1)
    parser.add_argument("--src", help=argparse.SUPPRESS)
    parser.add_argument("--redis-url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.src:
        one_tree(args)
    else:
        side_by_side(args)


if __name__ == "__main__":
    main()
