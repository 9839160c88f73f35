"""CompleteJob and FailJob: record how a job ended, then hand its end to the event bus."""

from __future__ import annotations

from dataclasses import dataclass

from application.clock import Clock, utc_now
from application.job_loading import load_job
from application.message_bus import NO_HANDLERS, MessageBus
from application.ports import JobRepository
from domain.errors import IllegalTransition
from domain.job import TranscriptionJob
from domain.transcript import Transcript


@dataclass(frozen=True, slots=True)
class CompleteJobCommand:
    job_id: str
    transcript: Transcript


@dataclass(frozen=True, slots=True)
class FailJobCommand:
    job_id: str
    reason: str


class CompleteJob:
    """Rules: the transcript is persisted with the job's completion, in one step (a cancel
    that won leaves neither), and both before its end is handed on (its session told, its
    audio gone: see job_event_bus); completing an already completed job is a no-op (no
    second push)."""

    def __init__(self, jobs: JobRepository, events: MessageBus = NO_HANDLERS, clock: Clock = utc_now) -> None:
        self._jobs = jobs
        self._events = events
        self._clock = clock

    def execute(self, command: CompleteJobCommand) -> TranscriptionJob:
        job = load_job(self._jobs, command.job_id)
        if job.complete(self._clock()):  # refuses a FAILED job before anything is written
            if not _saved(self._jobs, job, command.transcript):
                return self._jobs.get(job.id) or job
            self._events.handle(job, job.pull_events(), command.transcript)
        return job


class FailJob:
    """Rules: a failed job carries its reason to its session; failing twice notifies once;
    a completed job cannot fail (IllegalTransition); its end is handed on as CompleteJob's."""

    def __init__(self, jobs: JobRepository, events: MessageBus = NO_HANDLERS, clock: Clock = utc_now) -> None:
        self._jobs = jobs
        self._events = events
        self._clock = clock

    def execute(self, command: FailJobCommand) -> TranscriptionJob:
        job = load_job(self._jobs, command.job_id)
        if job.fail(command.reason, self._clock()):
            if not _saved(self._jobs, job):
                return self._jobs.get(job.id) or job
            self._events.handle(job, job.pull_events())
        return job


def _saved(jobs: JobRepository, job: TranscriptionJob, transcript: Transcript | None = None) -> bool:
    """False when the job ended otherwise meanwhile (a cancel won the race): no one is told."""
    try:
        jobs.save(job, transcript)
    except IllegalTransition:
        return False
    return True
