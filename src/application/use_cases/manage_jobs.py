"""ListJobs, CancelJob, DeleteJob and PurgeExpiredJobs: a client's and an operator's hold on jobs."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from application.clock import Clock, utc_now
from application.errors import InvalidRequest, JobInProgress, JobNotFound
from application.job_loading import load_job
from application.message_bus import NO_HANDLERS, MessageBus
from application.ports import AudioStorage, JobRepository, PendingResults
from application.ports.job_repository import JobPage, JobQuery
from domain.errors import IllegalTransition, InvalidValue
from domain.job import JobStatus, TranscriptionJob
from domain.values import SessionId

log = logging.getLogger(__name__)
MAX_PAGE = 200


@dataclass(frozen=True, slots=True)
class ListJobsCommand:
    owner: str | None = None
    status: str | None = None
    session_id: str | None = None
    limit: int = 50
    cursor: str | None = None


@dataclass(frozen=True, slots=True)
class CancelJobCommand:
    job_id: str
    owner: str | None = None


@dataclass(frozen=True, slots=True)
class DeleteJobCommand:
    job_id: str
    owner: str | None = None


@dataclass(frozen=True, slots=True)
class PurgeExpiredJobsCommand:
    """Purge what the retention allows now; it has no parameters of its own."""


class ListJobs:
    """Rules: newest first; only the caller's own jobs; 1 to 200 a page; unknown filters are
    refused rather than ignored."""

    def __init__(self, jobs: JobRepository) -> None:
        self._jobs = jobs

    def execute(self, command: ListJobsCommand) -> JobPage:
        if not 1 <= command.limit <= MAX_PAGE:
            raise InvalidRequest(f"limit must be between 1 and {MAX_PAGE}")
        try:
            status = JobStatus(command.status.upper()) if command.status else None
        except ValueError:
            names = ", ".join(s.value for s in JobStatus)
            raise InvalidRequest(f"status must be one of {names}") from None
        try:
            session = SessionId(command.session_id) if command.session_id else None
        except InvalidValue:
            return JobPage()  # a malformed token matches no job, as an unknown one would
        query = JobQuery(command.owner, status, session, limit=command.limit, cursor=command.cursor)
        return self._jobs.list(query)


class CancelJob:
    """Rules: a QUEUED or IN_PROGRESS job becomes CANCELLED and its session hears
    job.cancelled; a running engine stops at its next progress report; cancelling twice is a
    no-op; a COMPLETED or FAILED job cannot be cancelled (IllegalTransition); then its end is
    handed on as any job's (its audio goes, so submit-then-cancel keeps nothing stored)."""

    def __init__(self, jobs: JobRepository, events: MessageBus = NO_HANDLERS, clock: Clock = utc_now) -> None:
        self._jobs = jobs
        self._events = events
        self._clock = clock

    def execute(self, command: CancelJobCommand) -> TranscriptionJob:
        job = load_job(self._jobs, command.job_id, command.owner)
        if job.cancel(self._clock()):
            self._jobs.save(job)
            self._events.handle(job, job.pull_events())
        return job


class DeleteJob:
    """Rules: removes the job, its audio, its transcript and any undelivered result from
    every store; a running job must be cancelled first (JobInProgress)."""

    def __init__(self, jobs: JobRepository, storage: AudioStorage, pending: PendingResults) -> None:
        self._jobs = jobs
        self._storage = storage
        self._pending = pending

    def execute(self, command: DeleteJobCommand) -> None:
        job = load_job(self._jobs, command.job_id, command.owner)
        if job.status is JobStatus.IN_PROGRESS:
            raise JobInProgress(f"job {command.job_id} is running; cancel it first")
        self._storage.delete(job.audio)
        if job.session_id is not None:
            self._pending.remove_pending(job.session_id, job.id)
        self._jobs.delete(job.id)


class PurgeExpiredJobs:
    """Rules: jobs that finished more than `retention_seconds` ago are deleted with their
    audio and transcript; running and queued jobs are never purged. Returns how many went."""

    def __init__(
        self, jobs: JobRepository, delete: DeleteJob, retention_seconds: float, clock: Clock = utc_now
    ) -> None:
        self._jobs = jobs
        self._delete = delete
        self._retention = timedelta(seconds=retention_seconds)
        self._clock = clock

    def execute(self, command: PurgeExpiredJobsCommand = PurgeExpiredJobsCommand()) -> int:
        query = JobQuery(finished_before=self._clock() - self._retention, limit=MAX_PAGE)
        purged = 0
        while True:
            page = self._jobs.list(query)
            for job in page.jobs:
                try:
                    self._delete.execute(DeleteJobCommand(job.id.value))
                    purged += 1
                except (JobNotFound, JobInProgress, IllegalTransition):
                    log.info("job %s changed while being purged; left for next time", job.id)
            if page.next_cursor is None:
                return purged
            query = JobQuery(finished_before=query.finished_before, limit=MAX_PAGE, cursor=page.next_cursor)
