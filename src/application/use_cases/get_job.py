"""GetJob: a job with its transcript once there is one."""

from __future__ import annotations

from dataclasses import dataclass

from application.errors import JobNotFound
from application.ports import JobRepository
from domain.errors import InvalidValue
from domain.job import JobStatus, TranscriptionJob
from domain.transcript import Transcript
from domain.values import JobId


@dataclass(frozen=True, slots=True)
class JobView:
    job: TranscriptionJob
    transcript: Transcript | None


class GetJob:
    """Rules: an id that is malformed, unknown or another owner's job is the same
    JobNotFound (no probing)."""

    def __init__(self, jobs: JobRepository) -> None:
        self._jobs = jobs

    def execute(self, raw_job_id: str, owner: str | None = None) -> JobView:
        job = load_visible_job(self._jobs, raw_job_id, owner)
        transcript = self._jobs.transcript(job.id) if job.status is JobStatus.COMPLETED else None
        return JobView(job, transcript)


def load_visible_job(jobs: JobRepository, raw_id: str, owner: str | None) -> TranscriptionJob:
    """The job, if `owner` may see it; a malformed, unknown or another owner's id is the
    same JobNotFound."""
    try:
        job = jobs.get(JobId(raw_id))
    except InvalidValue:
        raise JobNotFound(raw_id) from None
    if job is None or not job.visible_to(owner):
        raise JobNotFound(raw_id)
    return job
