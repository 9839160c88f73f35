"""MemoryJobRepository: jobs and transcripts in dicts, handed out as copies."""

from __future__ import annotations

import threading
from datetime import datetime

from application.job_listing import refuse_leaving_a_final_state
from application.job_listing import decode_cursor, is_after, matches, page_of, sort_key
from application.ports.job_repository import JobPage, JobQuery
from domain.job import TranscriptionJob
from domain.transcript import Transcript
from domain.values import JobId


class MemoryJobRepository:
    def __init__(self) -> None:
        self.jobs: dict[str, TranscriptionJob] = {}
        self.transcripts: dict[str, Transcript] = {}
        self._lock = threading.Lock()

    def add(self, job: TranscriptionJob) -> None:
        with self._lock:
            if job.id.value in self.jobs:
                raise ValueError(f"job {job.id} already exists")
            self.jobs[job.id.value] = job.copy()

    def get(self, job_id: JobId) -> TranscriptionJob | None:
        with self._lock:
            job = self.jobs.get(job_id.value)
            return job.copy() if job else None

    def save(self, job: TranscriptionJob) -> None:
        with self._lock:
            refuse_leaving_a_final_state(self.jobs.get(job.id.value), job)
            self.jobs[job.id.value] = job.copy()

    def save_transcript(self, job_id: JobId, transcript: Transcript) -> None:
        with self._lock:
            self.transcripts[job_id.value] = transcript

    def transcript(self, job_id: JobId) -> Transcript | None:
        with self._lock:
            return self.transcripts.get(job_id.value)

    def save_progress(self, job_id: JobId, fraction: float, at: datetime) -> bool:
        with self._lock:
            job = self.jobs.get(job_id.value)
            if job is None or job.status.is_final:
                return False
            job.report_progress(fraction, at)
            return True

    def list(self, query: JobQuery) -> JobPage:
        cursor = decode_cursor(query.cursor)
        with self._lock:
            ordered = sorted(self.jobs.values(), key=sort_key, reverse=True)
        selected = [j.copy() for j in ordered if is_after(j, cursor) and matches(j, query)]
        jobs, next_cursor = page_of(selected[: query.limit + 1], query)
        return JobPage(jobs, next_cursor)

    def delete(self, job_id: JobId) -> None:
        with self._lock:
            self.jobs.pop(job_id.value, None)
            self.transcripts.pop(job_id.value, None)
