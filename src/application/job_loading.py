"""The one way a use case finds a job by the raw id it was given."""

from __future__ import annotations

from application.errors import JobNotFound
from application.ports import JobRepository
from domain.errors import InvalidValue
from domain.job import TranscriptionJob
from domain.values import JobId

EVERY_OWNER: str | None = None
"""The owner to pass where no API key limits what is seen (the service's own use cases)."""


def find_job(jobs: JobRepository, raw_id: str) -> TranscriptionJob | None:
    """The stored job, or None for an id that is malformed, unknown or forgotten."""
    try:
        return jobs.get(JobId(raw_id))
    except InvalidValue:
        return None


def load_job(jobs: JobRepository, raw_id: str, owner: str | None = EVERY_OWNER) -> TranscriptionJob:
    """The job, if `owner` may see it; a malformed, unknown or another owner's id is the same
    JobNotFound, so ids cannot be probed."""
    job = find_job(jobs, raw_id)
    if job is None or not job.visible_to(owner):
        raise JobNotFound(raw_id)
    return job
