"""HandleRemoteResult: a remote engine reported how one of our jobs ended."""

from __future__ import annotations

import logging

from application.errors import TranscriptUnreadable
from application.job_loading import find_job
from application.ports import JobRepository, RemoteEngine
from application.ports.remote_engine import RemoteJobFailed, RemoteResult, RemoteTranscriptWritten
from application.use_cases.complete_job import CompleteJob, CompleteJobCommand, FailJob, FailJobCommand
from domain.errors import IllegalTransition
from domain.job import TranscriptionJob

__all__ = ["HandleRemoteResult", "RemoteJobFailed", "RemoteResult", "RemoteTranscriptWritten"]

log = logging.getLogger(__name__)

NO_REASON = "the transcription engine failed without giving a reason"


class HandleRemoteResult:
    """Rules:
    - a result for a job we do not know (malformed id, unknown, forgotten) is ignored and
      returns None: another deployment's or an expired job is not ours to fail or retry;
    - a job that already ended stays as it is and nothing is fetched, so a redelivered
      result pushes once;
    - a written transcript completes the job; one that cannot be read as a transcript fails
      it with the reason (retrying would read the same bytes); one not there changes nothing;
    - a failure the engine reports fails the job with the engine's reason;
    - an ended job is no longer watched for silence (the job-event bus forgets its watch);
    - DependencyUnavailable propagates, so whoever delivered the result delivers it again.
    """

    def __init__(
        self,
        jobs: JobRepository,
        engine: RemoteEngine,
        complete: CompleteJob,
        fail: FailJob,
    ) -> None:
        self._jobs = jobs
        self._engine = engine
        self._complete = complete
        self._fail = fail

    def execute(self, result: RemoteResult) -> TranscriptionJob | None:
        job = find_job(self._jobs, result.job_id)
        if job is None:
            log.info("ignoring a remote result for unknown job %s", result.job_id)
            return None
        if not job.status.is_final:
            try:
                job = self._end(job, result)
            except IllegalTransition:  # the other outcome won a race; it stands
                job = self._jobs.get(job.id) or job
        return job

    def _end(self, job: TranscriptionJob, result: RemoteResult) -> TranscriptionJob:
        if isinstance(result, RemoteJobFailed):
            return self._fail.execute(FailJobCommand(job.id.value, result.reason or NO_REASON))
        try:
            transcript = self._engine.transcript(job)
        except TranscriptUnreadable as unreadable:
            return self._fail.execute(FailJobCommand(job.id.value, str(unreadable)))
        if transcript is None:
            return job
        return self._complete.execute(CompleteJobCommand(job.id.value, transcript))
