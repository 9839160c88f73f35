"""The one way a runner starts a queued job, shared by the lone and the batched run."""

from __future__ import annotations

from datetime import datetime

from application.ports import JobRepository
from domain.errors import IllegalTransition
from domain.job import TranscriptionJob


def start_job(jobs: JobRepository, job: TranscriptionJob, at: datetime) -> bool:
    """Mark a job read as not final IN_PROGRESS and save it. False when it was cancelled
    between the read and the save (the repository refuses to leave a final state): there
    is then nothing to run, and nothing to fail."""
    job.start(at)
    try:
        jobs.save(job)
    except IllegalTransition:
        return False
    return True
