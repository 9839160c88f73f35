"""MemorySessionStore: the SessionStore and PendingResults ports in this process: sessions with a
time to live and their pending results, which live and die with them."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence

from application.notifications import JobNotification
from domain.values import JobId, SessionId


class MemorySessionStore:
    """Expired sessions are dropped when asked about, and also swept all at once
    every session time to live by whichever call comes first after it, so sessions nobody
    asks about again do not pile up (a sweep walks every entry once per TTL: amortised)."""

    def __init__(
        self,
        session_ttl_seconds: float = 3600.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._session_ttl = session_ttl_seconds
        self._now = monotonic
        self._lock = threading.Lock()
        self.expiry: dict[str, float] = {}
        self.pending_by_session: dict[str, list[JobNotification]] = {}
        self.owners: dict[str, str] = {}
        self._next_sweep = monotonic() + session_ttl_seconds

    def open(self, session_id: SessionId, owner: str | None = None) -> None:
        with self._lock:
            self._sweep_if_due()
            self.expiry[session_id.value] = self._now() + self._session_ttl
            self.pending_by_session.setdefault(session_id.value, [])
            if owner is not None:
                self.owners[session_id.value] = owner

    def owner_of(self, session_id: SessionId) -> str | None:
        with self._lock:
            self._sweep_if_due()
            return self.owners.get(session_id.value) if self._alive(session_id.value) else None

    def is_open(self, session_id: SessionId) -> bool:
        with self._lock:
            self._sweep_if_due()
            return self._alive(session_id.value)

    def touch(self, session_id: SessionId) -> None:
        with self._lock:
            self._sweep_if_due()
            if self._alive(session_id.value):
                self.expiry[session_id.value] = self._now() + self._session_ttl

    def touch_all(self, session_ids: Sequence[SessionId]) -> None:
        for session_id in session_ids:
            self.touch(session_id)

    def close(self, session_id: SessionId) -> None:
        with self._lock:
            self._sweep_if_due()
            self._forget(session_id.value)

    def add_pending(self, session_id: SessionId, notification: JobNotification) -> bool:
        with self._lock:
            self._sweep_if_due()
            if not self._alive(session_id.value):
                return False
            queue = self.pending_by_session.setdefault(session_id.value, [])
            queue[:] = [n for n in queue if n.job_id != notification.job_id]
            queue.append(notification)
            return True

    def pending(self, session_id: SessionId) -> list[JobNotification]:
        with self._lock:
            self._sweep_if_due()
            if not self._alive(session_id.value):
                return []
            return list(self.pending_by_session.get(session_id.value, []))

    def remove_pending(self, session_id: SessionId, job_id: JobId) -> None:
        with self._lock:
            self._sweep_if_due()
            queue = self.pending_by_session.get(session_id.value, [])
            queue[:] = [n for n in queue if n.job_id != job_id.value]

    def _sweep_if_due(self) -> None:
        now = self._now()
        if now < self._next_sweep:
            return
        self._next_sweep = now + self._session_ttl
        for key in [k for k, expires in self.expiry.items() if expires <= now]:
            self._forget(key)

    def remove_delivered(self, delivered: Sequence[tuple[SessionId, JobId]]) -> None:
        for session_id, job_id in delivered:
            self.remove_pending(session_id, job_id)

    def _alive(self, key: str) -> bool:
        expires = self.expiry.get(key)
        if expires is None:
            return False
        if expires <= self._now():
            self._forget(key)
            return False
        return True

    def _forget(self, key: str) -> None:
        self.expiry.pop(key, None)
        self.pending_by_session.pop(key, None)
        self.owners.pop(key, None)
