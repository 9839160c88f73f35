"""Results written to sockets, struck from their sessions' pending lists in batches."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from application.ports import PendingResults
from domain.values import JobId, SessionId

log = logging.getLogger(__name__)

MOST_AT_ONCE = 512
LINGER_SECONDS = 0.05


class DeliveredResults:
    """On the event loop: `add` what a socket has written; one task at a time hands all
    that was added since its last call to `PendingResults.remove_delivered` in a thread, so a
    thousand pushes a second cost a few store round trips, not a thousand thread hops and
    transactions. A batch that fails stays pending: its clients get those results again on
    reconnect and drop them by job id.

    Before each call short of `most_at_once` it lingers `linger_seconds`, so the removals of a
    burst share one call: without it a call took what the last one's round trip let pile up,
    one or two at a time on an idle store, and at 1 000 pushes a second the thread hops and
    pipelines were a fifth of the API's CPU. A result struck that much later only means that
    a client reconnecting meanwhile hears it again, and drops it by job id; `hurry` (a socket
    closed: its client may be reconnecting) ends the linger at once."""

    def __init__(
        self,
        sessions: PendingResults,
        linger_seconds: float = LINGER_SECONDS,
        *,
        most_at_once: int = MOST_AT_ONCE,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._sessions = sessions
        self._linger = linger_seconds
        self._sleep = sleep  # for tests
        self._most_at_once = most_at_once
        self._waiting: list[tuple[SessionId, JobId]] = []
        self._task: asyncio.Task[None] | None = None
        self._woken: asyncio.Future[None] | None = None  # set while lingering

    def add(self, session_id: SessionId, job_id: JobId) -> None:
        self._waiting.append((session_id, job_id))
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._remove())

    def hurry(self) -> None:
        """Remove what is waiting now, without lingering (on the event loop)."""
        if self._woken is not None and not self._woken.done():
            self._woken.set_result(None)

    async def flushed(self) -> None:
        """Wait until everything added so far is removed (or failed to be)."""
        while self._task is not None and not self._task.done():
            await asyncio.shield(self._task)

    async def _remove(self) -> None:
        while self._waiting:
            if len(self._waiting) < self._most_at_once:
                await self._wait_for_more()
            batch, self._waiting = self._waiting[: self._most_at_once], self._waiting[self._most_at_once :]
            try:
                await asyncio.to_thread(self._sessions.remove_delivered, batch)
            except Exception:
                log.warning("could not mark %d delivered result(s); they stay pending", len(batch), exc_info=True)

    async def _wait_for_more(self) -> None:
        self._woken = asyncio.get_running_loop().create_future()
        lingering = asyncio.ensure_future(self._sleep(self._linger))
        try:
            await asyncio.wait((self._woken, lingering), return_when=asyncio.FIRST_COMPLETED)
        finally:
            lingering.cancel()
            self._woken = None
