"""MeteredJobRepository: counts jobs as they are stored, so no use case has to."""

from __future__ import annotations

from datetime import datetime

from application.ports import JobRepository
from application.ports.job_repository import JobPage, JobQuery
from application.ports.metrics import Metrics
from domain.job import TranscriptionJob
from domain.transcript import Transcript
from domain.values import JobId


class MeteredJobRepository:
    """A `JobRepository` that reports a job when it is first added and when a final state is
    first saved (the aggregate changes state once, and use cases save only on change)."""

    def __init__(self, inner: JobRepository, metrics: Metrics) -> None:
        self._inner = inner
        self._metrics = metrics

    def add(self, job: TranscriptionJob) -> None:
        self._inner.add(job)
        self._metrics.job_submitted()

    def get(self, job_id: JobId) -> TranscriptionJob | None:
        return self._inner.get(job_id)

    def save(self, job: TranscriptionJob) -> None:
        before = self._inner.get(job.id) if job.status.is_final else None
        self._inner.save(job)
        if job.status.is_final and (before is None or before.status is not job.status):
            self._metrics.job_finished(job)

    def save_transcript(self, job_id: JobId, transcript: Transcript) -> None:
        self._inner.save_transcript(job_id, transcript)

    def transcript(self, job_id: JobId) -> Transcript | None:
        return self._inner.transcript(job_id)

    def save_progress(self, job_id: JobId, fraction: float, at: datetime) -> bool:
        return self._inner.save_progress(job_id, fraction, at)

    def list(self, query: JobQuery) -> JobPage:
        return self._inner.list(query)

    def delete(self, job_id: JobId) -> None:
        self._inner.delete(job_id)
