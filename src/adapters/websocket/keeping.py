"""The sessions this process holds sockets for, kept alive together."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from application.ports import SessionStore
from domain.values import SessionId

log = logging.getLogger(__name__)

MOST_AT_ONCE = 500  # sessions per store call: a thread holding the GIL for a few ms, not 200
SPREAD_SHARE = 0.5  # of the period, over which a round's store calls are spaced out

Held = Callable[[], list[SessionId]]


class SessionKeeping:
    """On the event loop: while any socket is held, every `period` seconds one thread hop hands
    every session held here to `SessionStore.touch_all` (in chunks). At 10 000 idle sockets a timer, a
    cancelled wait and a thread hop per socket cost this process more than a thousand pushes a
    second did; one batch a period costs one store round trip. A touch that fails is logged and
    tried again a period later (a session lives three periods: see keepalive_seconds).

    Rounds begin on a fixed clock (start + k periods), not a period after the last one ended, so
    a slow store does not stretch the time between two touches of a session past the period. A
    round gets one period: one that overruns it is cut short with a warning, and the sessions it
    did not reach go first in the next, which begins at once.

    A round's store calls are spaced evenly over the first `spread_share` of its period, not
    made back to back: at 10 000 sockets twenty calls in a row held the GIL against the event
    loop for some 200 ms every period, and each push meanwhile waited (bench/redis_push.py).
    `monotonic`, `sleep`, `most_at_once` and `spread_share` are for tests."""

    def __init__(
        self,
        sessions: SessionStore,
        period_seconds: float,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        most_at_once: int = MOST_AT_ONCE,
        spread_share: float = SPREAD_SHARE,
    ) -> None:
        self._sessions = sessions
        self._period = period_seconds
        self._clock = monotonic
        self._sleep = sleep
        self._most_at_once = most_at_once
        self._spread_share = spread_share
        self._held: Held = list
        self._task: asyncio.Task[None] | None = None

    def start(self, held: Held) -> None:
        """Called whenever a socket is attached, with what is held now; starts the periodic task
        on this loop if none runs on it (a task left on a loop that has closed keeps nobody)."""
        self._held = held
        task = self._task
        if task is not None and not task.done() and task.get_loop() is asyncio.get_running_loop():
            return
        if task is not None:
            _cancel_elsewhere(task)
        self._task = asyncio.create_task(self._keep())

    async def stop(self) -> None:
        """Called when the last socket is gone, so no task outlives the sockets (a socket
        attached meanwhile keeps it running)."""
        if not self._held():
            await self.close()

    async def close(self) -> None:
        """Stop keeping, sockets or not (the app's shutdown)."""
        task, self._task = self._task, None
        if task is None:
            return
        if task.get_loop() is not asyncio.get_running_loop():
            _cancel_elsewhere(task)
            return
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    async def _keep(self) -> None:
        next_round = self._clock() + self._period
        first = 0  # where a round begins in what is held: after one cut short, where it stopped
        while True:
            await self._sleep(max(0.0, next_round - self._clock()))
            held = self._held()
            if not held:
                return
            first %= len(held)
            deadline = max(next_round, self._clock()) + self._period  # a loop late to wake still gets a period
            reached = await self._round(held[first:] + held[:first], deadline)
            if reached < len(held) or self._clock() > deadline:
                log.warning(
                    "keepalive round overran its %.0f s period: %d of %d session(s) touched; any left go first",
                    self._period,
                    reached,
                    len(held),
                )
                first += reached
            next_round += self._period
            next_round = max(next_round, self._clock())  # behind: start again from now, not catch up

    async def _round(self, held: list[SessionId], deadline: float) -> int:
        """Touch `held` in chunks until `deadline`; how many were reached (tried, failed or not)."""
        reached, began = 0, self._clock()
        calls = -(-len(held) // self._most_at_once)
        spacing = self._period * self._spread_share / calls
        while reached < len(held):
            wait = began + spacing * (reached // self._most_at_once) - self._clock()
            if wait > 0:
                await self._sleep(wait)
            left = deadline - self._clock()
            if left <= 0:
                break
            chunk = held[reached : reached + self._most_at_once]
            try:
                async with asyncio.timeout(left):  # a store that hangs does not stop the rounds
                    await asyncio.to_thread(self._sessions.touch_all, chunk)
            except TimeoutError:
                break
            except Exception:
                log.warning("could not keep %d session(s) alive; will try again", len(chunk), exc_info=True)
            reached += len(chunk)
        return reached


def _cancel_elsewhere(task: asyncio.Task[None]) -> None:
    """A task of another loop: cancelled there, where that loop still runs; else dropped."""
    loop = task.get_loop()
    if not loop.is_closed() and not task.done():
        loop.call_soon_threadsafe(task.cancel)


class NoKeeping:
    """For a notifier whose sessions someone else keeps alive (or nobody: tests of delivery)."""

    def start(self, held: Held) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def close(self) -> None:
        return None
