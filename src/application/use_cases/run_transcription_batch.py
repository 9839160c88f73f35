"""RunTranscriptionBatch: several queued jobs decoded together by one engine call."""

from __future__ import annotations

import logging
from contextlib import ExitStack
from dataclasses import dataclass

from application.clock import Clock, utc_now
from application.errors import TranscriptionFailed
from application.job_loading import find_job
from application.ports import AudioStorage, BatchTranscriber, JobRepository
from application.use_cases.complete_job import CompleteJob, CompleteJobCommand, FailJob, FailJobCommand
from application.use_cases.starting_jobs import start_job
from domain.job import TranscriptionJob

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RunTranscriptionBatchCommand:
    job_ids: tuple[str, ...]


class RunTranscriptionBatch:
    """Rules, as RunTranscription's for each job of the batch:
    - unknown or finished jobs are skipped, and so is a job cancelled as the batch starts
      (the others run); the others are IN_PROGRESS while the batch runs;
    - each job ends on its own: COMPLETED with its transcript, or FAILED with its reason
      (its audio gone, or the engine's failure on that item alone);
    - a job cancelled while the batch ran stays cancelled: its result is dropped;
    - no progress is reported: a batch holds short clips, done in seconds.
    """

    def __init__(
        self,
        jobs: JobRepository,
        storage: AudioStorage,
        transcriber: BatchTranscriber,
        complete: CompleteJob,
        fail: FailJob,
        clock: Clock = utc_now,
    ) -> None:
        self._jobs = jobs
        self._storage = storage
        self._transcriber = transcriber
        self._complete = complete
        self._fail = fail
        self._clock = clock

    def execute(self, command: RunTranscriptionBatchCommand) -> list[TranscriptionJob]:
        started = []
        for job_id in command.job_ids:
            job = find_job(self._jobs, job_id)
            if job is None or job.status.is_final:
                continue
            if start_job(self._jobs, job, self._clock()):
                started.append(job)
            else:
                log.info("job %s was cancelled as its batch started", job_id)
        ready, items, finished = [], [], []
        with ExitStack() as opened:
            for job in started:
                try:
                    audio = opened.enter_context(self._storage.open(job.audio))
                except KeyError:
                    finished.append(
                        self._fail.execute(FailJobCommand(job.id.value, "the job's audio is no longer stored"))
                    )
                    continue
                ready.append(job)
                items.append((audio, job.transcription_options()))
            results = self._transcriber.transcribe_many(items) if items else []
        for job, result in zip(ready, results):
            current = self._jobs.get(job.id)
            if current is None or current.status.is_final:
                log.info("job %s ended while its batch ran; its result is dropped", job.id)
                continue
            if isinstance(result, TranscriptionFailed):
                finished.append(self._fail.execute(FailJobCommand(job.id.value, str(result))))
            else:
                finished.append(self._complete.execute(CompleteJobCommand(job.id.value, result)))
        return finished
