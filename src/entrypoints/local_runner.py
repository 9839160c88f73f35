"""LocalJobRunner: runs queued jobs in this process, off the event loop, K at a time,
optionally decoding short clips of different jobs together in one batch (`clip_batching`)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from application.errors import ApplicationError, ServiceStopping
from application.use_cases import (
    FailJob,
    FailJobCommand,
    RunTranscription,
    RunTranscriptionBatchCommand,
    RunTranscriptionCommand,
)
from domain.job import TranscriptionJob
from entrypoints.clip_batching import Batching
from entrypoints.round_robin import RoundRobinJobs

log = logging.getLogger(__name__)

NEVER_STARTED = "the service stopped before this job started (memory state keeps no queue); submit it again"
CUT_SHORT = "the service stopped while this job ran and its drain time of {:g} s passed; submit it again"

__all__ = ["CUT_SHORT", "NEVER_STARTED", "Batching", "LocalJobRunner", "failure_reason"]  # Batching: clip_batching


class LocalJobRunner:
    """A `JobDispatcher` backed by `concurrency` worker threads.

    Jobs wait in memory, taken in turns between API keys (RoundRobinJobs). Anything
    unexpected while running a job ends it FAILED with a reason: a job never stays
    IN_PROGRESS in silence. `stop` refuses new
    jobs (ServiceStopping), ends the queued ones FAILED at once (nothing in memory survives
    the process), lets running ones finish within `drain_seconds` and fails those that do
    not (their threads are daemons: the process does not wait for them, and a failed job's
    transcription stops at its next progress report).
    """

    def __init__(
        self,
        run: RunTranscription,
        fail: FailJob,
        concurrency: int,
        drain_seconds: float = 30.0,
        batching: Batching | None = None,
    ) -> None:
        self._run = run
        self._fail = fail
        self._concurrency = concurrency
        self._drain_seconds = drain_seconds
        self._batching = batching if batching is not None and batching.jobs > 1 else None
        self._lock = threading.Condition()
        self._queued = RoundRobinJobs()
        self._running: set[str] = set()
        self._threads: list[threading.Thread] = []
        self._stopping = False
        self.batches: list[int] = []  # sizes of the batches run, for tests and benchmarks

    def start(self) -> None:
        with self._lock:
            if self._threads or self._stopping:
                return
            for index in range(self._concurrency):
                thread = threading.Thread(target=self._work, name=f"voxrelay-job-{index}", daemon=True)
                thread.start()
                self._threads.append(thread)

    def dispatch(self, job: TranscriptionJob) -> None:
        self.start()
        with self._lock:
            if self._stopping:
                raise ServiceStopping("the service is stopping and takes no new job")
            self._queued.append(job)
            self._lock.notify_all()

    @property
    def backlog(self) -> int:
        with self._lock:
            return len(self._queued) + len(self._running)

    def stop(self, wait: bool = True) -> None:
        with self._lock:
            self._stopping = True
            never_started, self._queued = list(self._queued), RoundRobinJobs()
            self._lock.notify_all()
        for job in never_started:
            self._fail_quietly(job.id.value, NEVER_STARTED)
        if never_started:
            log.warning("%d queued job(s) failed: the service stopped before they started", len(never_started))
        deadline = time.monotonic() + (self._drain_seconds if wait else 0.0)
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        with self._lock:
            cut_short = list(self._running)
        for job_id in cut_short:
            self._fail_quietly(job_id, CUT_SHORT.format(self._drain_seconds))
        if cut_short:
            log.warning("%d running job(s) failed: the drain time passed", len(cut_short))

    def _work(self) -> None:
        while True:
            with self._lock:
                while not self._queued and not self._stopping:
                    self._lock.wait()
                if not self._queued:
                    return
                batch = [self._queued.popleft()]
                self._gather(batch)
                self._running.update(job.id.value for job in batch)
            try:
                self._execute(batch)
            finally:
                with self._lock:
                    self._running.difference_update(job.id.value for job in batch)

    def _gather(self, batch: list[TranscriptionJob]) -> None:
        """Called holding the lock: add the waiting clips batching takes along (see Batching)."""
        if self._batching is not None:
            self._batching.gather(batch, self._queued, bool(self._running), self._lock.wait, lambda: self._stopping)

    def _execute(self, batch: list[TranscriptionJob]) -> None:
        ids = [job.id.value for job in batch]
        work: Callable[[], object]
        if len(batch) == 1:
            work = lambda: self._run.execute(RunTranscriptionCommand(ids[0]))  # noqa: E731
        else:
            batching = self._batching
            assert batching is not None  # only _gather, with batching on, makes a batch of more than one job
            self.batches.append(len(batch))
            work = lambda: batching.run_batch.execute(RunTranscriptionBatchCommand(tuple(ids)))  # noqa: E731
        try:
            work()
        except Exception as error:
            log.exception("job(s) %s crashed", ids)
            for job_id in ids:
                self._fail_quietly(job_id, failure_reason(error))

    def _fail_quietly(self, job_id: str, reason: str) -> None:
        try:
            self._fail.execute(FailJobCommand(job_id, reason))
        except Exception:
            log.exception("job %s could not be marked failed", job_id)


def failure_reason(error: Exception) -> str:
    """What a client may read: our own errors say what went wrong (a model that cannot load,
    say); anything else is an internal error whose details stay in the log."""
    if isinstance(error, ApplicationError):
        return str(error)
    return f"internal error: {type(error).__name__}"
