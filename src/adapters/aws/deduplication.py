"""Drops SNS deliveries already handled: SNS retries a message with the same MessageId."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from application.ports.sns_delivery import MessageDeduplicator

__all__ = ["MemoryMessageDeduplicator", "MessageDeduplicator"]


class MemoryMessageDeduplicator:
    """Remembers up to `max_entries` ids for `ttl_seconds` each, oldest forgotten first.
    One process only; several replicas need a shared store."""

    def __init__(
        self,
        ttl_seconds: float = 24 * 3600.0,
        max_entries: int = 100_000,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = ttl_seconds
        self._max = max_entries
        self._now = monotonic
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def claim(self, message_id: str) -> bool:
        with self._lock:
            now = self._now()
            while self._seen and next(iter(self._seen.values())) <= now:
                self._seen.popitem(last=False)
            if message_id in self._seen:
                return False
            self._seen[message_id] = now + self._ttl
            while len(self._seen) > self._max:
                self._seen.popitem(last=False)
            return True

    def release(self, message_id: str) -> None:
        with self._lock:
            self._seen.pop(message_id, None)
