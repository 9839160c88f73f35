"""Results written to sockets, struck from their sessions' pending lists in batches."""

from __future__ import annotations

import asyncio
import logging

from application.ports import PendingResults
from domain.values import JobId, SessionId

log = logging.getLogger(__name__)

MOST_AT_ONCE = 512


class DeliveredResults:
    """On the event loop: `add` what a socket has written; one task at a time hands all
    that was added since its last call to `PendingResults.remove_delivered` in a thread, so a
    thousand pushes a second cost a few store round trips, not a thousand thread hops and
    transactions. A batch that fails stays pending: its clients get those results again on
    reconnect and drop them by job id."""

    def __init__(self, sessions: PendingResults) -> None:
        self._sessions = sessions
        self._waiting: list[tuple[SessionId, JobId]] = []
        self._task: asyncio.Task[None] | None = None

    def add(self, session_id: SessionId, job_id: JobId) -> None:
        self._waiting.append((session_id, job_id))
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._remove())

    async def flushed(self) -> None:
        """Wait until everything added so far is removed (or failed to be)."""
        while self._task is not None and not self._task.done():
            await asyncio.shield(self._task)

    async def _remove(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting[:MOST_AT_ONCE], self._waiting[MOST_AT_ONCE:]
            try:
                await asyncio.to_thread(self._sessions.remove_delivered, batch)
            except Exception:
                log.warning("could not mark %d delivered result(s); they stay pending", len(batch), exc_info=True)
