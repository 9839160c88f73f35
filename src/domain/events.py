"""Things that happened to a job, named in the past tense."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.values import JobId


@dataclass(frozen=True, slots=True)
class JobSubmitted:
    job_id: JobId
    at: datetime


@dataclass(frozen=True, slots=True)
class JobStarted:
    job_id: JobId
    at: datetime
    attempt: int


@dataclass(frozen=True, slots=True)
class JobCompleted:
    job_id: JobId
    at: datetime


@dataclass(frozen=True, slots=True)
class JobFailed:
    job_id: JobId
    at: datetime
    reason: str


@dataclass(frozen=True, slots=True)
class JobCancelled:
    job_id: JobId
    at: datetime


@dataclass(frozen=True, slots=True)
class JobNotQueued:
    """The job was stored but could not be handed to whoever runs it: it ended FAILED at once,
    and the client hears of it as its submission's error, not as a push."""

    job_id: JobId
    at: datetime
    reason: str


JobEvent = JobSubmitted | JobStarted | JobCompleted | JobFailed | JobCancelled | JobNotQueued
JOB_ENDINGS = (JobCompleted, JobFailed, JobCancelled, JobNotQueued)
"""Every event after which the job is final."""
