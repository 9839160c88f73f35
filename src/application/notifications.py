"""What a session is told when one of its jobs ends."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from domain.job import JobStatus, TranscriptionJob
from domain.transcript import Transcript


class NotificationType(str, Enum):
    COMPLETED = "job.completed"
    FAILED = "job.failed"
    CANCELLED = "job.cancelled"


@dataclass(frozen=True, slots=True)
class JobNotification:
    """One push to a session; `job_id` lets a client drop a duplicate."""

    type: NotificationType
    job: TranscriptionJob
    transcript: Transcript | None = None
    error: str | None = None

    @property
    def job_id(self) -> str:
        return self.job.id.value

    @classmethod
    def for_finished(cls, job: TranscriptionJob, transcript: Transcript | None) -> JobNotification:
        if job.status is JobStatus.COMPLETED:
            return cls(NotificationType.COMPLETED, job.copy(), transcript=transcript)
        if job.status is JobStatus.FAILED:
            return cls(NotificationType.FAILED, job.copy(), error=job.error)
        if job.status is JobStatus.CANCELLED:
            return cls(NotificationType.CANCELLED, job.copy())
        raise ValueError(f"job {job.id} has not finished")


@dataclass(frozen=True, slots=True)
class JobProgress:
    """How far a running job is (0..1). Ephemeral: never kept pending for a reconnect and
    never deduplicated by job id; the next report, or the job's result, supersedes it."""

    job_id: str
    progress: float
