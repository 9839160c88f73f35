"""The job runners as container resources: started when first asked for, stopped at shutdown."""

from __future__ import annotations

from collections.abc import Iterator

from application.ports import JobQueue
from application.use_cases import FailJob, RunTranscription
from entrypoints.local_runner import Batching, LocalJobRunner
from entrypoints.queue_worker import QueueWorker


def local_runner(
    run: RunTranscription, fail: FailJob, concurrency: int, drain_seconds: float, batching: Batching | None = None
) -> Iterator[LocalJobRunner]:
    runner = LocalJobRunner(run, fail, concurrency, drain_seconds, batching)
    runner.start()
    yield runner
    runner.stop(wait=True)


def queue_worker(
    queue: JobQueue,
    run: RunTranscription,
    fail: FailJob,
    concurrency: int,
    claim_idle_seconds: float,
    drain_seconds: float = 30.0,
) -> Iterator[QueueWorker]:
    worker = QueueWorker(queue, run, fail, concurrency, claim_idle_seconds)
    worker.start()
    yield worker
    worker.stop(drain_seconds=drain_seconds)
