"""ShutdownSignal: set once, when the process is told to stop; the HTTP guard, the lifespan
and the job runners all watch it."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class ShutdownSignal:
    """Set once, when the process is told to stop (before the HTTP server drains). Whoever
    must act at once registers with `when_stopping` rather than polling `stopping`."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._listeners: list[Callable[[], object]] = []

    def begin(self) -> None:
        with self._lock:
            if self._event.is_set():
                return
            self._event.set()
            listeners, self._listeners = self._listeners, []
        for listener in listeners:
            _tell(listener)

    def when_stopping(self, listener: Callable[[], object]) -> None:
        """Call `listener` once the signal is set (now, if it already is), from the thread
        that sets it."""
        with self._lock:
            if not self._event.is_set():
                self._listeners.append(listener)
                return
        _tell(listener)

    @property
    def stopping(self) -> bool:
        return self._event.is_set()


def _tell(listener: Callable[[], object]) -> None:
    try:
        listener()
    except Exception:  # one listener gone (its event loop closed, say) must not stop the others
        log.exception("a shutdown listener failed")
