"""MemoryInFlightJobs: the jobs a remote engine runs, with when each was last heard of."""

from __future__ import annotations

import threading
from datetime import datetime

from domain.values import JobId


class MemoryInFlightJobs:
    """One process only; `watched` maps job id -> last heard of, for tests to inspect."""

    def __init__(self) -> None:
        self.watched: dict[str, datetime] = {}
        self._lock = threading.Lock()

    def watch(self, job_id: JobId, since: datetime) -> None:
        with self._lock:
            self.watched[job_id.value] = since

    def forget(self, job_id: JobId) -> None:
        with self._lock:
            self.watched.pop(job_id.value, None)

    def count(self) -> int:
        with self._lock:
            return len(self.watched)

    def silent_since(self, before: datetime, limit: int = 100) -> list[JobId]:
        with self._lock:
            silent = sorted((at, key) for key, at in self.watched.items() if at <= before)
        return [JobId(key) for _, key in silent[:limit]]
