"""The sessions this process holds sockets for, kept alive together."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from application.ports import SessionStore
from domain.values import SessionId

log = logging.getLogger(__name__)

MOST_AT_ONCE = 500  # sessions per store call: a thread holding the GIL for ~10 ms, not 200

Held = Callable[[], list[SessionId]]


class SessionKeeping:
    """On the event loop: while any socket is held, every `period` seconds one thread hop hands
    every session held here to `SessionStore.touch_all` (in chunks). At 10 000 idle sockets a timer, a
    cancelled wait and a thread hop per socket cost this process more than a thousand pushes a
    second did; one batch a period costs one store round trip. A touch that fails is logged and
    tried again a period later (a session lives three periods: see keepalive_seconds).
    `sleep` and `most_at_once` are for tests."""

    def __init__(
        self,
        sessions: SessionStore,
        period_seconds: float,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        most_at_once: int = MOST_AT_ONCE,
    ) -> None:
        self._sessions = sessions
        self._period = period_seconds
        self._sleep = sleep
        self._most_at_once = most_at_once
        self._held: Held = list
        self._task: asyncio.Task[None] | None = None

    def start(self, held: Held) -> None:
        """Called whenever a socket is attached, with what is held now; starts the periodic task
        if it is not running."""
        self._held = held
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._keep())

    async def stop(self) -> None:
        """Called when the last socket is gone, so no task outlives the sockets (a socket
        attached meanwhile keeps it running)."""
        if self._held():
            return
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    async def _keep(self) -> None:
        while True:
            await self._sleep(self._period)
            held = self._held()
            if not held:
                return
            for start in range(0, len(held), self._most_at_once):
                chunk = held[start : start + self._most_at_once]
                try:
                    await asyncio.to_thread(self._sessions.touch_all, chunk)
                except Exception:
                    log.warning("could not keep %d session(s) alive; will try again", len(chunk), exc_info=True)


class NoKeeping:
    """For a notifier whose sessions someone else keeps alive (or nobody: tests of delivery)."""

    def start(self, held: Held) -> None:
        return None

    async def stop(self) -> None:
        return None
