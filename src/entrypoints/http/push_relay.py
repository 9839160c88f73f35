"""PushRelay: this API replica's end of the cross-replica push (state=redis)."""

from __future__ import annotations

import asyncio
import logging

import anyio.to_thread

from adapters.redis import RedisNotificationListener
from adapters.websocket import WebSocketNotifier
from application.notifications import JobNotification, JobProgress
from application.ports import PendingResults
from domain.values import SessionId

log = logging.getLogger(__name__)


class PushRelay:
    """Hands every push heard on the bus to this replica's sockets (pushes for sessions held
    elsewhere are dropped by the registry). After every (re)subscription it resends what is
    pending for the sessions connected here: pushes published while the subscription was
    down are not replayed by Redis, but they were kept pending. Sockets drop duplicates by
    job id, so a resend of something already written does no harm."""

    def __init__(
        self, listener: RedisNotificationListener, sockets: WebSocketNotifier, sessions: PendingResults
    ) -> None:
        self._listener = listener
        self._sockets = sockets
        self._sessions = sessions
        self._subscribed = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def start(self, wait_seconds: float = 5.0) -> None:
        """Subscribe; wait (bounded) for the first subscription so no early push is unheard."""
        self._task = asyncio.create_task(self._listener.listen(self._hand_over, self._on_subscribed))
        try:
            await asyncio.wait_for(self._subscribed.wait(), wait_seconds)
        except TimeoutError:
            log.warning("push subscription not up after %.0f s; it keeps retrying", wait_seconds)

    def _hand_over(self, session_id: SessionId, message: JobNotification | JobProgress) -> None:
        if isinstance(message, JobProgress):
            self._sockets.push_progress(session_id, message)
        else:
            self._sockets.push(session_id, message)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _on_subscribed(self) -> None:
        self._subscribed.set()
        sessions = self._sockets.session_ids()
        pending = await anyio.to_thread.run_sync(self._pending_of, sessions)
        for session_id, notifications in pending:
            for notification in notifications:
                self._sockets.push(session_id, notification)
        log.info("subscribed to pushes; resent %d pending result(s)", sum(len(n) for _, n in pending))

    def _pending_of(self, sessions: list[SessionId]) -> list[tuple[SessionId, list[JobNotification]]]:
        found = []
        for session_id in sessions:
            try:
                notifications = self._sessions.pending(session_id)
            except Exception:
                log.warning("could not read what is pending for a session", exc_info=True)
                continue
            if notifications:
                found.append((session_id, notifications))
        return found
