"""ShutdownSignal: set once, when the process is told to stop; the HTTP guard, the lifespan
and the job runners all watch it."""

from __future__ import annotations

import threading


class ShutdownSignal:
    """Set once, when the process is told to stop (before the HTTP server drains)."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def begin(self) -> None:
        self._event.set()

    @property
    def stopping(self) -> bool:
        return self._event.is_set()
