"""CompleteJob and FailJob: record how a job ended, then tell its session."""

from __future__ import annotations

from dataclasses import dataclass

from application.clock import Clock, utc_now
from application.errors import JobNotFound
from application.notifications import JobNotification
from application.ports import JobRepository
from application.stored_audio import KEPT_AUDIO, StoredAudio
from application.use_cases.notify_session import NotifySession
from domain.errors import IllegalTransition
from domain.job import TranscriptionJob
from domain.transcript import Transcript
from domain.values import JobId


@dataclass(frozen=True, slots=True)
class CompleteJobCommand:
    job_id: str
    transcript: Transcript


@dataclass(frozen=True, slots=True)
class FailJobCommand:
    job_id: str
    reason: str


class CompleteJob:
    """Rules: the transcript is persisted before the job is marked completed, and both before
    anyone is notified; completing an already completed job is a no-op (no second push);
    then its audio goes (StoredAudio.job_ended)."""

    def __init__(
        self, jobs: JobRepository, notify: NotifySession, clock: Clock = utc_now, audio: StoredAudio = KEPT_AUDIO
    ) -> None:
        self._jobs = jobs
        self._notify = notify
        self._clock = clock
        self._audio = audio

    def execute(self, command: CompleteJobCommand) -> TranscriptionJob:
        job = _load(self._jobs, command.job_id)
        if job.complete(self._clock()):  # refuses a FAILED job before anything is written
            self._jobs.save_transcript(job.id, command.transcript)
            if not _saved(self._jobs, job):
                return self._jobs.get(job.id) or job
            self._notify.execute(JobNotification.for_finished(job, command.transcript))
            self._audio.job_ended(job)
        return job


class FailJob:
    """Rules: a failed job carries its reason to its session; failing twice notifies once;
    a completed job cannot fail (IllegalTransition); then its audio goes (StoredAudio.job_ended)."""

    def __init__(
        self, jobs: JobRepository, notify: NotifySession, clock: Clock = utc_now, audio: StoredAudio = KEPT_AUDIO
    ) -> None:
        self._jobs = jobs
        self._notify = notify
        self._clock = clock
        self._audio = audio

    def execute(self, command: FailJobCommand) -> TranscriptionJob:
        job = _load(self._jobs, command.job_id)
        if job.fail(command.reason, self._clock()):
            if not _saved(self._jobs, job):
                return self._jobs.get(job.id) or job
            self._notify.execute(JobNotification.for_finished(job, None))
            self._audio.job_ended(job)
        return job


def _saved(jobs: JobRepository, job: TranscriptionJob) -> bool:
    """False when the job ended otherwise meanwhile (a cancel won the race): no one is told."""
    try:
        jobs.save(job)
    except IllegalTransition:
        return False
    return True


def _load(jobs: JobRepository, raw_id: str) -> TranscriptionJob:
    job = jobs.get(JobId(raw_id))
    if job is None:
        raise JobNotFound(raw_id)
    return job
