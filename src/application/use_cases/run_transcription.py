"""RunTranscription: what a runner or worker does with one queued job."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from application.clock import Clock, utc_now
from application.errors import TranscriptionCancelled, TranscriptionFailed
from application.job_loading import load_job
from application.ports import AudioStorage, JobRepository, ProgressCallback, Transcriber
from application.use_cases.complete_job import CompleteJob, CompleteJobCommand, FailJob, FailJobCommand
from application.use_cases.report_progress import ReportProgress, ReportProgressCommand
from application.use_cases.starting_jobs import start_job
from domain.job import TranscriptionJob
from domain.values import JobId

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RunTranscriptionCommand:
    job_id: str


class RunTranscription:
    """Rules:
    - a job already finished is skipped (a redelivered queue message does no harm);
    - the job is IN_PROGRESS while the engine works, with its progress saved at most
      every `progress_interval` seconds and, as often, reported to its session (when a
      `report_progress` is given); a job cancelled meanwhile stops there;
    - an engine error ends the job FAILED with a reason, never in silence; errors of our
      own stores propagate so a queue can retry the job;
    - the job's end (CompleteJob, FailJob) decides what happens to its audio.
    """

    def __init__(
        self,
        jobs: JobRepository,
        storage: AudioStorage,
        transcriber: Transcriber,
        complete: CompleteJob,
        fail: FailJob,
        clock: Clock = utc_now,
        progress_interval: float = 1.0,
        report_progress: ReportProgress | None = None,
    ) -> None:
        self._jobs = jobs
        self._storage = storage
        self._transcriber = transcriber
        self._complete = complete
        self._fail = fail
        self._clock = clock
        self._progress_interval = progress_interval
        self._report_progress = report_progress

    def execute(self, command: RunTranscriptionCommand) -> TranscriptionJob:
        job_id = command.job_id
        job = load_job(self._jobs, job_id)
        if job.status.is_final:
            return job
        if not start_job(self._jobs, job, self._clock()):  # cancelled meanwhile
            return self._jobs.get(job.id) or job
        options = job.transcription_options()
        try:
            audio = self._storage.open(job.audio)
        except KeyError:
            return self._fail.execute(FailJobCommand(job_id, "the job's audio is no longer stored"))
        try:
            with audio:
                transcript = self._transcriber.transcribe(audio, options, self._progress_saver(job))
        except TranscriptionCancelled:
            log.info("job %s was cancelled while running", job_id)
            return self._jobs.get(JobId(job_id)) or job
        except TranscriptionFailed as failure:
            return self._fail.execute(FailJobCommand(job_id, str(failure)))
        return self._complete.execute(CompleteJobCommand(job_id, transcript))

    def _progress_saver(self, job: TranscriptionJob) -> ProgressCallback:
        last_saved = time.monotonic()

        def save(fraction: float) -> None:
            nonlocal last_saved
            if time.monotonic() - last_saved < self._progress_interval:
                return
            last_saved = time.monotonic()
            try:
                running = self._jobs.save_progress(job.id, fraction, self._clock())
            except Exception:  # progress is a courtesy; never let it kill the job
                log.warning("could not save progress of job %s", job.id, exc_info=True)
                return
            if not running:
                raise TranscriptionCancelled(f"job {job.id} was cancelled")
            if self._report_progress is not None:
                try:
                    self._report_progress.execute(ReportProgressCommand(job, fraction))
                except Exception:  # a courtesy too
                    log.warning("could not report progress of job %s", job.id, exc_info=True)

        return save
