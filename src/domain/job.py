"""The TranscriptionJob aggregate: one upload on its way to a transcript."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import Enum

from domain.errors import IllegalTransition
from domain.events import JobCancelled, JobCompleted, JobEvent, JobFailed, JobNotQueued, JobStarted, JobSubmitted
from domain.transcript import TranscriptionOptions
from domain.values import AudioReference, JobId, LanguageCode, MediaFormat, OutputFileName, SessionId


class JobStatus(str, Enum):
    QUEUED = "QUEUED"
    IN_PROGRESS = "IN_PROGRESS"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"

    @property
    def is_final(self) -> bool:
        return self in (JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED)


@dataclass(slots=True)
class TranscriptionJob:
    """Guards its own life cycle: QUEUED -> IN_PROGRESS -> COMPLETED, FAILED or CANCELLED.

    A final state is final: completing a completed job (or failing a failed one) changes
    nothing and records no event, so a duplicate completion never notifies twice; moving
    between COMPLETED and FAILED is refused. A result that arrives for a CANCELLED job is
    dropped the same quiet way. A job may complete straight from QUEUED because a remote
    engine's result can arrive before we hear that it started.
    """

    id: JobId
    audio: AudioReference
    media_format: MediaFormat
    output_file_name: OutputFileName
    created_at: datetime
    session_id: SessionId | None = None
    owner: str | None = None
    language: LanguageCode | None = None
    model: str | None = None
    audio_seconds: float | None = None
    speakers: bool = False  # the transcript is to name who spoke when
    status: JobStatus = JobStatus.QUEUED
    updated_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    error: str | None = None
    attempts: int = 0
    progress: float = 0.0
    _events: list[JobEvent] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def submit(
        cls,
        *,
        audio: AudioReference,
        media_format: MediaFormat,
        now: datetime,
        session_id: SessionId | None = None,
        owner: str | None = None,
        output_file_name: OutputFileName | None = None,
        language: LanguageCode | None = None,
        model: str | None = None,
        audio_seconds: float | None = None,
        speakers: bool = False,
        job_id: JobId | None = None,
    ) -> TranscriptionJob:
        job_id = job_id or JobId.new()
        job = cls(
            id=job_id,
            audio=audio,
            media_format=media_format,
            output_file_name=output_file_name or OutputFileName(job_id.value),
            created_at=now,
            updated_at=now,
            session_id=session_id,
            owner=owner,
            language=language,
            model=model,
            audio_seconds=audio_seconds,
            speakers=speakers,
        )
        job._events.append(JobSubmitted(job_id, now))
        return job

    def start(self, now: datetime) -> None:
        """Begin (or, after a crashed worker, begin again) the transcription."""
        if self.status.is_final:
            raise IllegalTransition(self.id.value, self.status.value, JobStatus.IN_PROGRESS.value)
        self.status = JobStatus.IN_PROGRESS
        self.attempts += 1
        self.started_at = now
        self.updated_at = now
        self._events.append(JobStarted(self.id, now, self.attempts))

    def report_progress(self, fraction: float, now: datetime) -> None:
        if self.status is JobStatus.IN_PROGRESS:
            self.progress = min(max(fraction, 0.0), 1.0)
            self.updated_at = now

    def complete(self, now: datetime) -> bool:
        """Mark done; returns False (and records nothing) if it already was."""
        if self.status in (JobStatus.COMPLETED, JobStatus.CANCELLED):
            return False
        if self.status is JobStatus.FAILED:
            raise IllegalTransition(self.id.value, self.status.value, JobStatus.COMPLETED.value)
        self.status = JobStatus.COMPLETED
        self.progress = 1.0
        self.finished_at = now
        self.updated_at = now
        self.error = None
        self._events.append(JobCompleted(self.id, now))
        return True

    def fail(self, reason: str, now: datetime) -> bool:
        """Mark failed with a reason; returns False (and records nothing) if it already was."""
        if self.status in (JobStatus.FAILED, JobStatus.CANCELLED):
            return False
        if self.status is JobStatus.COMPLETED:
            raise IllegalTransition(self.id.value, self.status.value, JobStatus.FAILED.value)
        self.status = JobStatus.FAILED
        self.error = reason or "unknown error"
        self.finished_at = now
        self.updated_at = now
        self._events.append(JobFailed(self.id, now, self.error))
        return True

    def fail_to_queue(self, reason: str, now: datetime) -> None:
        """A job just stored that could not be dispatched: FAILED, recording JobNotQueued."""
        if self.status is not JobStatus.QUEUED:
            raise IllegalTransition(self.id.value, self.status.value, JobStatus.FAILED.value)
        self.status = JobStatus.FAILED
        self.error = reason
        self.finished_at = now
        self.updated_at = now
        self._events.append(JobNotQueued(self.id, now, reason))

    def cancel(self, now: datetime) -> bool:
        """Stop a job that has not finished; returns False if it already was cancelled."""
        if self.status is JobStatus.CANCELLED:
            return False
        if self.status.is_final:
            raise IllegalTransition(self.id.value, self.status.value, JobStatus.CANCELLED.value)
        self.status = JobStatus.CANCELLED
        self.finished_at = now
        self.updated_at = now
        self._events.append(JobCancelled(self.id, now))
        return True

    def transcription_options(self) -> TranscriptionOptions:
        """What the engine is asked for this job."""
        language = self.language.value if self.language else None
        return TranscriptionOptions(language=language, model=self.model, speakers=self.speakers)

    def visible_to(self, owner: str | None) -> bool:
        """A job is seen only by the API key that created it; without keys, by everyone."""
        return owner is None or self.owner == owner

    def pull_events(self) -> list[JobEvent]:
        """Hand over what happened since the last call, and forget it."""
        events, self._events = self._events, []
        return events

    def copy(self) -> TranscriptionJob:
        """A detached copy, as a repository hands out so callers cannot change its state by accident."""
        return replace(self, _events=[])
