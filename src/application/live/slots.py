"""LiveStreamSlots: how many live streams this process runs, in all and per API key."""

from __future__ import annotations

import threading

from application.ports.submission_limiter import ANONYMOUS_CALLER


class LiveStreamSlots:
    """At most `per_process` streams at once and `per_key` per caller (0: no limit). Live
    streams decode on this process's cores, so the bound is per process, not shared."""

    def __init__(self, per_process: int, per_key: int) -> None:
        self.per_process = per_process
        self.per_key = per_key
        self._held: dict[str, int] = {}
        self._lock = threading.Lock()

    @property
    def in_use(self) -> int:
        with self._lock:
            return sum(self._held.values())

    def acquire(self, owner: str | None) -> str | None:
        """None when a slot was taken, else why not."""
        key = owner or ANONYMOUS_CALLER
        with self._lock:
            if self.per_process > 0 and sum(self._held.values()) >= self.per_process:
                return f"this server runs at most {self.per_process} live streams at once"
            if self.per_key > 0 and self._held.get(key, 0) >= self.per_key:
                return f"at most {self.per_key} live streams per API key; close one first"
            self._held[key] = self._held.get(key, 0) + 1
            return None

    def release(self, owner: str | None) -> None:
        key = owner or ANONYMOUS_CALLER
        with self._lock:
            held = self._held.get(key, 0) - 1
            if held > 0:
                self._held[key] = held
            else:
                self._held.pop(key, None)
