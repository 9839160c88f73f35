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


JobEvent = JobSubmitted | JobStarted | JobCompleted | JobFailed | JobCancelled
