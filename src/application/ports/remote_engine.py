"""A transcription engine that runs jobs elsewhere and reports back later (Amazon Transcribe)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Protocol

from domain.job import TranscriptionJob
from domain.transcript import Transcript
from domain.values import JobId


class RemoteJobStatus(str, Enum):
    QUEUED = "QUEUED"
    IN_PROGRESS = "IN_PROGRESS"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"


@dataclass(frozen=True, slots=True)
class RemoteJobState:
    status: RemoteJobStatus
    failure_reason: str | None = None


@dataclass(frozen=True, slots=True)
class RemoteTranscriptWritten:
    """The engine wrote the transcript of `job_id` where it was asked to."""

    job_id: str


@dataclass(frozen=True, slots=True)
class RemoteJobFailed:
    job_id: str
    reason: str | None = None


RemoteResult = RemoteTranscriptWritten | RemoteJobFailed
"""What an engine reports about one of our jobs, however it reaches us."""


class RemoteEngine(Protocol):
    """Asked about a job after it was dispatched; blocking calls, run off the event loop."""

    def state(self, job: TranscriptionJob) -> RemoteJobState | None:
        """Where the engine's run of `job` stands; None if the engine has no record of it.
        Raise DependencyUnavailable when the engine cannot be asked."""
        ...

    def transcript(self, job: TranscriptionJob) -> Transcript | None:
        """The transcript the engine wrote for `job`, or None if it wrote none (yet).
        Raise TranscriptUnreadable if what it wrote cannot be read as a transcript, and
        DependencyUnavailable when it cannot be fetched now."""
        ...


class InFlightJobs(Protocol):
    """Jobs handed to a remote engine that have not ended, with when we last heard of them."""

    def watch(self, job_id: JobId, since: datetime) -> None:
        """Start watching (or, for a watched job, restart its silence at `since`)."""
        ...

    def forget(self, job_id: JobId) -> None: ...

    def count(self) -> int:
        """How many jobs are watched (a gauge for operators)."""
        ...

    def silent_since(self, before: datetime, limit: int = 100) -> list[JobId]:
        """Up to `limit` watched jobs not heard of since `before`, the longest silent first."""
        ...
