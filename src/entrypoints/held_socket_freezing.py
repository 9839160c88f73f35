"""Held sockets' objects kept out of the cycle collector's walks, and given back when enough of
those sockets have closed.

An open WebSocket keeps some 150 objects the collector tracks for as long as it is held. Right
after a few thousand clients connect, those objects sit in the young and middle generations,
and the next middle collection walks all of them: 0.4-0.7 s with the event loop standing still
at 10 000 sockets (instrumented bench/redis_push.py runs), every push in flight meanwhile late.
`gc.freeze()` moves every tracked object into a permanent generation no collection walks, in
constant time. So once enough new sockets have been held a few seconds, the process freezes.

What freezing costs: a cycle among frozen objects is not collected until they are given back.
A closed socket leaves such cycles behind (about 90 objects each: the close's exceptions and
their tracebacks, queues, events; measured on this service), so once a quarter of the frozen
sockets have closed, the process unfreezes, runs one full collection, and freezes what is left:
the same quarter CPython waits for before a full collection of its own, counted in sockets that
left rather than in objects that pushes moved along. That collection stops the process as
long as CPython's own full one would (1.7-1.8 s after 10 000 sockets closed, on 2 cores); it
is logged. Short-lived sockets that open and close between two freezes are never frozen and
count for nothing, and so do sockets held less than a few seconds. Each freeze first collects
the young and middle generations, so little garbage is frozen with the sockets.
"""

from __future__ import annotations

import collections
import gc
import threading
import time
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

FREEZE_AFTER_SOCKETS = 200  # settled sockets (some 30 000 objects) not yet frozen, before a freeze
SETTLE_SECONDS = 5.0  # how long a socket is held before it counts as settled
RECLAIM_SHARE = 0.25  # of the frozen sockets, closed, before their cycles are collected


class Collector(Protocol):
    """The part of the `gc` module this uses (a test passes a recording one)."""

    def freeze(self) -> None: ...

    def unfreeze(self) -> None: ...

    def collect(self, generation: int = 2) -> int: ...


class HeldSocketFreezer:
    """`opened()` when a socket is accepted (it returns the mark `closed` takes back), `closed`
    when it ends; `tick()` every second or so, from any thread, does what is due.

    A socket's mark is the epoch it opened in; every tick and every freeze begins a new one.
    Only sockets held `settle_seconds` count towards a freeze: a caller churning its quota of
    sockets, each for a second or two, otherwise had them frozen and their closes counted, and
    set off a reclaim every few seconds (1 000 sockets a cycle beside 4 000 held: four full
    collections of 0.7-0.9 s in 36 s). `monotonic` is for tests."""

    def __init__(
        self,
        collector: Collector = gc,
        *,
        freeze_after: int = FREEZE_AFTER_SOCKETS,
        settle_seconds: float = SETTLE_SECONDS,
        reclaim_share: float = RECLAIM_SHARE,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._collector = collector
        self._freeze_after = freeze_after
        self._settle = settle_seconds
        self._reclaim_share = reclaim_share
        self._clock = monotonic
        self._lock = threading.Lock()
        self._epoch = 0
        self._began = {0: monotonic()}  # when each epoch with sockets still held began
        self._held_from: collections.Counter[int] = collections.Counter()  # epoch -> sockets held
        self._frozen_below = 0  # sockets of an earlier epoch are frozen
        self._held = 0  # sockets open now
        self._held_frozen = 0  # of those, the frozen ones
        self._closed_frozen = 0  # frozen sockets closed since the last reclaim
        self._reclaims = 0  # full collections run because frozen sockets had closed

    def opened(self) -> int:
        with self._lock:
            self._held += 1
            self._held_from[self._epoch] += 1
            return self._epoch

    def closed(self, mark: int) -> None:
        with self._lock:
            self._held -= 1
            self._held_from[mark] -= 1
            if not self._held_from[mark]:
                del self._held_from[mark]
                if mark != self._epoch:
                    self._began.pop(mark, None)
            if mark < self._frozen_below:
                self._held_frozen -= 1
                self._closed_frozen += 1

    def frozen_count(self) -> int:
        """Open sockets whose objects are frozen."""
        return self._held_frozen

    def reclaim_count(self) -> int:
        return self._reclaims

    def tick(self) -> str | None:
        """Freeze, or reclaim, if due; says what it did, for the log. Collections run outside
        the lock: what they finalize (an abandoned socket's handler) may call `closed`."""
        with self._lock:
            frozen = self._held_frozen + self._closed_frozen
            reclaim = self._closed_frozen >= max(1, self._freeze_after, self._reclaim_share * frozen)
            freeze = not reclaim and self._settled_unfrozen() >= self._freeze_after
            closed = self._closed_frozen
            self._next_epoch()
        if freeze:
            # The young and middle generations' garbage first, so none is frozen with the
            # sockets: cheap, a freeze comes every 200 sockets.
            self._collector.collect(1)
            with self._lock:
                self._freeze()
            return None
        if not reclaim:
            return None
        started = time.monotonic()
        self._collector.unfreeze()
        found = self._collector.collect()
        with self._lock:
            self._closed_frozen -= closed  # closes heard during the collection still count
            self._freeze()
            self._reclaims += 1
            held = self._held
        return (
            f"{closed} frozen sockets had closed: collected {found} unreachable objects in "
            f"{time.monotonic() - started:.2f} s, then froze the {held} sockets held"
        )

    def _settled_unfrozen(self) -> int:
        settled_by = self._clock() - self._settle
        return sum(
            count
            for epoch, count in self._held_from.items()
            if epoch >= self._frozen_below and self._began[epoch] <= settled_by
        )

    def _next_epoch(self) -> None:
        if self._epoch not in self._held_from:
            self._began.pop(self._epoch, None)
        self._epoch += 1
        self._began[self._epoch] = self._clock()

    def _freeze(self) -> None:
        """Everything held now is frozen: the sockets of this epoch and every earlier one."""
        self._collector.freeze()
        self._next_epoch()
        self._frozen_below = self._epoch
        self._held_frozen = self._held


ASGIApp = Callable[[Any, Any, Any], Awaitable[None]]  # scope, receive, send


def counting_held_sockets(app: ASGIApp, freezer: HeldSocketFreezer) -> ASGIApp:
    """The ASGI app, telling `freezer` about every WebSocket from its start to its end."""

    async def counted(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "websocket":
            await app(scope, receive, send)
            return
        mark = freezer.opened()
        try:
            await app(scope, receive, send)
        finally:
            freezer.closed(mark)

    return counted
