"""HeldPlaces: how many places (open sockets, live streams, waiting transcriptions) each
caller of this process holds, bounded per caller and in all. Callers without a key share
one count."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from application.ports.submission_limiter import ANONYMOUS_CALLER


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a place was not given: the caller holds its share, every place is held, or both
    (each user of HeldPlaces says which it tells first)."""

    over_share: bool
    over_total: bool


class HeldPlaces:
    """At most `per_caller` places per caller and `in_all` together (0: no bound)."""

    def __init__(self, per_caller: int = 0, in_all: int = 0) -> None:
        self.per_caller = per_caller
        self.in_all = in_all
        self._held: dict[str, int] = {}
        self._total = 0
        self._lock = threading.Lock()

    def take(self, owner: str | None) -> Refusal | None:
        """A place for `owner` (None), or why there is none."""
        key = owner or ANONYMOUS_CALLER
        with self._lock:
            held = self._held.get(key, 0)
            over_share = 0 < self.per_caller <= held
            over_total = 0 < self.in_all <= self._total
            if over_share or over_total:
                return Refusal(over_share, over_total)
            self._held[key] = held + 1
            self._total += 1
            return None

    def give_back(self, owner: str | None) -> None:
        """Return a place `owner` took; harmless for one it does not hold."""
        key = owner or ANONYMOUS_CALLER
        with self._lock:
            held = self._held.get(key, 0)
            if held == 0:
                return
            if held > 1:
                self._held[key] = held - 1
            else:
                del self._held[key]
            self._total -= 1

    @property
    def total(self) -> int:
        """What every caller holds together."""
        with self._lock:
            return self._total
