"""The threads uploads are written to storage with, and how many uploads each key may send
at once.

An upload's body arrives on the event loop, however slowly; only a chunk ready to be
written takes a thread, and only one of UploadWorkers' own: a crowd of uploads can make
uploads wait, never the store calls and other routes that share anyio's default threads."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import anyio
import anyio.to_thread

from application.errors import TooManyUploads
from entrypoints.http.socket_quota import SocketQuota

T = TypeVar("T")


class UploadWorkers:
    """At most `threads` storage writes at once; more wait their turn, on the loop."""

    def __init__(self, threads: int) -> None:
        self.threads = threads
        self._limiter: anyio.CapacityLimiter | None = None

    @property
    def limiter(self) -> anyio.CapacityLimiter:
        if self._limiter is None:  # made on first use, inside the server's event loop
            self._limiter = anyio.CapacityLimiter(self.threads)
        return self._limiter

    async def run(self, work: Callable[..., T], *args: object) -> T:
        return await anyio.to_thread.run_sync(work, *args, limiter=self.limiter)

    @property
    def saturated(self) -> bool:
        """Every thread busy and writes waiting: uploads are slowed by storage, not clients."""
        if self._limiter is None:
            return False
        stats = self._limiter.statistics()
        return stats.borrowed_tokens >= stats.total_tokens and stats.tasks_waiting > 0


class UploadSlots:
    """At most `maximum` uploads in flight per API key in this process (0: no limit);
    without keys every caller shares one count."""

    def __init__(self, maximum: int) -> None:
        self._quota = SocketQuota(maximum)

    def acquire(self, owner: str | None) -> None:
        if not self._quota.acquire(owner):
            raise TooManyUploads(self._quota.maximum)

    def release(self, owner: str | None) -> None:
        self._quota.release(owner)

    @property
    def in_flight(self) -> int:
        return self._quota.in_use
