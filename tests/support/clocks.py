"""The one hand-moved clock the tests share, and a way to move fakeredis's time with it.

A test that needs time to pass says so (`advance`) instead of sleeping: the suite stays fast
and a loaded machine cannot make an expiry test pass or fail by chance.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from types import ModuleType
from typing import Any

START = datetime(2026, 1, 1, tzinfo=UTC)


class FakeClock:
    """Seconds that pass only when a test says so. Called, it reads as `time.monotonic` does
    (a float, `now`); `utc()` reads the same instant as an aware datetime after `start`, for
    the use cases' clocks. With a `step`, every reading first moves it on by that many seconds,
    so each thing a use case stamps has its own instant."""

    def __init__(self, now: float = 0.0, step: float = 0.0, start: datetime = START) -> None:
        self.now = now
        self.step = step
        self.start = start

    def __call__(self) -> float:
        self.now += self.step
        return self.now

    def utc(self) -> datetime:
        return self.start + timedelta(seconds=self())

    def advance(self, seconds: float) -> None:
        self.now += seconds


class _ShiftedTime(ModuleType):
    """The `time` module, but `time()` runs `offset` seconds ahead of the wall clock."""

    def __init__(self) -> None:
        super().__init__("time")
        self.offset = 0.0

    def time(self) -> float:
        return time.time() + self.offset

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)


# Where fakeredis reads the wall clock: each command's time (key expiry) and stream idle times.
_FAKEREDIS_MODULES = ("fakeredis._socket._base", "fakeredis._helpers", "fakeredis.model._stream")


class _FakeRedisClock(FakeClock):
    def __init__(self, shifted: _ShiftedTime) -> None:
        super().__init__()
        self._shifted = shifted

    def advance(self, seconds: float) -> None:
        super().advance(seconds)
        self._shifted.offset = self.now


@contextmanager
def fakeredis_time() -> Iterator[FakeClock]:
    """Inside, the returned clock's `advance(seconds)` moves every fakeredis server's time on
    by that much (its own clock keeps running as well): TTLs and idle times pass at once."""
    shifted = _ShiftedTime()
    modules = [importlib.import_module(name) for name in _FAKEREDIS_MODULES]
    originals = [module.time for module in modules]
    for module in modules:
        module.time = shifted  # type: ignore[attr-defined]
    try:
        yield _FakeRedisClock(shifted)
    finally:
        for module, original in zip(modules, originals, strict=True):
            module.time = original  # type: ignore[attr-defined]
