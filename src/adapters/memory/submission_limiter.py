"""MemorySubmissionLimiter: the SubmissionLimiter port in this process's memory."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from application.ports.submission_limiter import SubmissionLimiter


class MemorySubmissionLimiter(SubmissionLimiter):
    """Fixed windows of `window_seconds` per caller, as the Redis adapter counts them. The
    counts live and die with the process: one replica, or tests."""

    def __init__(
        self,
        per_window: int,
        max_active_jobs: int,
        window_seconds: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._per_window = per_window
        self._max_active = max_active_jobs
        self._window = window_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self.windows: dict[str, tuple[float, int]] = {}  # caller -> (window ends at, count)
        self.active: dict[str, set[str]] = {}

    def count_submission(self, caller: str) -> float | None:
        if self._per_window <= 0:
            return None
        now = self._clock()
        with self._lock:
            ends, count = self.windows.get(caller, (0.0, 0))
            if now >= ends:
                ends, count = now + self._window, 0
            count += 1
            self.windows[caller] = (ends, count)
            self._forget_old_windows(now)
        return max(ends - now, 0.001) if count > self._per_window else None

    def seconds_until_allowed(self, caller: str) -> float | None:
        if self._per_window <= 0:
            return None
        now = self._clock()
        with self._lock:
            ends, count = self.windows.get(caller, (0.0, 0))
        if now >= ends or count < self._per_window:
            return None
        return max(ends - now, 0.001)

    def _forget_old_windows(self, now: float) -> None:
        if len(self.windows) > 10_000:
            self.windows = {c: w for c, w in self.windows.items() if w[0] > now}

    def start_job(self, caller: str, job_id: str) -> bool:
        with self._lock:
            jobs = self.active.setdefault(caller, set())
            if self._max_active > 0 and len(jobs) >= self._max_active and job_id not in jobs:
                return False
            jobs.add(job_id)
            return True

    def has_room_for_job(self, caller: str) -> bool:
        if self._max_active <= 0:
            return True
        with self._lock:
            return len(self.active.get(caller, ())) < self._max_active

    def active_jobs(self, caller: str) -> list[str]:
        with self._lock:
            return sorted(self.active.get(caller, ()))

    def end_job(self, caller: str, job_id: str) -> None:
        with self._lock:
            jobs = self.active.get(caller)
            if jobs is not None:
                jobs.discard(job_id)
                if not jobs:
                    del self.active[caller]
