"""Cross-request batching for the local runner: which waiting jobs' short clips are decoded
together with the one a worker thread has just taken."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from application.use_cases import RunTranscriptionBatch
from domain.job import TranscriptionJob
from entrypoints.round_robin import RoundRobinJobs


@dataclass(frozen=True, slots=True)
class Batching:
    """Cross-request batching: a thread that takes a short clip (known length at most
    `max_clip_seconds`) also takes the waiting clips for the same model, `jobs` in all, and
    decodes them in one batch (each exactly as alone). It waits up to `wait_seconds` for
    more only while other jobs run: an idle runner starts a lone clip at once."""

    run_batch: RunTranscriptionBatch
    jobs: int
    wait_seconds: float
    max_clip_seconds: float = 30.0

    def fits(self, job: TranscriptionJob, first: TranscriptionJob) -> bool:
        short = job.audio_seconds is not None and job.audio_seconds <= self.max_clip_seconds
        return short and job.model == first.model

    def gather(
        self,
        batch: list[TranscriptionJob],
        queued: RoundRobinJobs,
        others_running: bool,
        wait: Callable[[float], object],
        stopping: Callable[[], bool],
    ) -> None:
        """Called holding the runner's lock (`wait` lets go of it while it waits): add waiting
        clips that fit; while other jobs run (so more clips are likely to arrive before a
        worker is free anyway), for up to the wait time."""
        if not self.fits(batch[0], batch[0]):
            return
        deadline = time.monotonic() + (self.wait_seconds if others_running else 0.0)
        while len(batch) < self.jobs and not stopping():
            for job in [j for j in queued if self.fits(j, batch[0])][: self.jobs - len(batch)]:
                queued.remove(job)
                batch.append(job)
            left = deadline - time.monotonic()
            if len(batch) >= self.jobs or left <= 0:
                return
            wait(left)
