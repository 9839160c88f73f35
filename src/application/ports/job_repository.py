"""Jobs and their transcripts, by job id."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from domain.job import JobStatus, TranscriptionJob
from domain.transcript import Transcript
from domain.values import JobId, SessionId


@dataclass(frozen=True, slots=True)
class JobQuery:
    """Newest first. `cursor` is a page's `next_cursor`, opaque to callers."""

    owner: str | None = None
    status: JobStatus | None = None
    session_id: SessionId | None = None
    finished_before: datetime | None = None
    limit: int = 50
    cursor: str | None = None


@dataclass(frozen=True, slots=True)
class JobPage:
    jobs: list[TranscriptionJob] = field(default_factory=list)
    next_cursor: str | None = None


class JobRepository(Protocol):
    def add(self, job: TranscriptionJob) -> None:
        """Store a new job; raise ValueError if its id is already taken."""
        ...

    def get(self, job_id: JobId) -> TranscriptionJob | None:
        """A copy of the stored job: changing it changes nothing until `save`."""
        ...

    def save(self, job: TranscriptionJob, transcript: Transcript | None = None) -> None:
        """Store the job's new state, atomically refusing (IllegalTransition) to move a job
        whose stored state is final to another state: a cancel that won a race stays won.
        A transcript given is stored in the same step as the state, or, when refused, not at all."""
        ...

    def transcript(self, job_id: JobId) -> Transcript | None: ...

    def save_progress(self, job_id: JobId, fraction: float, at: datetime) -> bool:
        """Record how far a running job is, atomically: a job that meanwhile reached a final
        state (was cancelled, say) is left as it is and False is returned."""
        ...

    def list(self, query: JobQuery) -> JobPage:
        """Jobs matching every given filter (an owner of None matches all), newest first."""
        ...

    def delete(self, job_id: JobId) -> None:
        """Forget the job and its transcript; deleting what is not there is not an error."""
        ...
