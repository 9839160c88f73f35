"""SocketQuota: how many WebSockets each API key holds open in this process."""

from __future__ import annotations

import threading

from application.ports.submission_limiter import ANONYMOUS_CALLER

TOO_MANY_SOCKETS = 4429  # 4000 + the HTTP status it stands for, as 4401 and 4404 do


class SocketQuota:
    """At most `maximum` sockets per key (0: no limit); without keys, all sockets share one."""

    def __init__(self, maximum: int) -> None:
        self.maximum = maximum
        self._open: dict[str, int] = {}
        self._lock = threading.Lock()

    def acquire(self, owner: str | None) -> bool:
        key = owner or ANONYMOUS_CALLER
        with self._lock:
            held = self._open.get(key, 0)
            if self.maximum > 0 and held >= self.maximum:
                return False
            self._open[key] = held + 1
            return True

    def release(self, owner: str | None) -> None:
        key = owner or ANONYMOUS_CALLER
        with self._lock:
            held = self._open.get(key, 0) - 1
            if held > 0:
                self._open[key] = held
            else:
                self._open.pop(key, None)

    @property
    def in_use(self) -> int:
        """What every key holds together."""
        with self._lock:
            return sum(self._open.values())
