"""MemoryJobRepository: jobs and transcripts in dicts, handed out as copies."""

from __future__ import annotations

import bisect
import threading
from datetime import datetime

from application.job_listing import SortKey, decode_cursor, matches, page_of, refuse_leaving_a_final_state, sort_key
from application.ports.job_repository import JobPage, JobQuery
from domain.job import TranscriptionJob
from domain.transcript import Transcript
from domain.values import JobId


class MemoryJobRepository:
    """Listing walks sorted indexes, one of every job and one per owner, from the cursor
    down: a page costs the jobs it looks at, never the whole store."""

    def __init__(self) -> None:
        self.jobs: dict[str, TranscriptionJob] = {}
        self.transcripts: dict[str, Transcript] = {}
        self._everyone: list[SortKey] = []  # ascending; listing reads it backwards
        self._by_owner: dict[str, list[SortKey]] = {}
        self._lock = threading.Lock()

    def add(self, job: TranscriptionJob) -> None:
        with self._lock:
            if job.id.value in self.jobs:
                raise ValueError(f"job {job.id} already exists")
            self.jobs[job.id.value] = job.copy()
            for index in self._indexes_of(job):
                bisect.insort(index, sort_key(job))

    def _indexes_of(self, job: TranscriptionJob) -> list[list[SortKey]]:
        if job.owner is None:
            return [self._everyone]
        return [self._everyone, self._by_owner.setdefault(job.owner, [])]

    def get(self, job_id: JobId) -> TranscriptionJob | None:
        with self._lock:
            job = self.jobs.get(job_id.value)
            return job.copy() if job else None

    def save(self, job: TranscriptionJob, transcript: Transcript | None = None) -> None:
        with self._lock:
            stored = self.jobs.get(job.id.value)
            refuse_leaving_a_final_state(stored, job)
            if transcript is not None:
                self.transcripts[job.id.value] = transcript
            self.jobs[job.id.value] = job.copy()
            if stored is None:  # saved without being added: index it all the same
                for index in self._indexes_of(job):
                    bisect.insort(index, sort_key(job))

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
        selected: list[TranscriptionJob] = []
        with self._lock:
            index = self._everyone if query.owner is None else self._by_owner.get(query.owner, [])
            position = bisect.bisect_left(index, cursor) if cursor else len(index)
            while position > 0 and len(selected) <= query.limit:
                position -= 1
                job = self.jobs[index[position][1]]
                if matches(job, query):
                    selected.append(job.copy())
        jobs, next_cursor = page_of(selected, query)
        return JobPage(jobs, next_cursor)

    def delete(self, job_id: JobId) -> None:
        with self._lock:
            job = self.jobs.pop(job_id.value, None)
            self.transcripts.pop(job_id.value, None)
            if job is None:
                return
            key = sort_key(job)
            for index in self._indexes_of(job):
                position = bisect.bisect_left(index, key)
                if position < len(index) and index[position] == key:
                    del index[position]
            if job.owner is not None and not self._by_owner[job.owner]:
                del self._by_owner[job.owner]
