"""PeriodicTask: runs a use case every few seconds in a background thread, and survives its errors."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator

log = logging.getLogger(__name__)


class PeriodicTask:
    def __init__(self, name: str, run: Callable[[], object], interval_seconds: float) -> None:
        self._name = name
        self._run = run
        self._interval = interval_seconds
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name=f"voxrelay-{self._name}", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _loop(self) -> None:
        while not self._stopping.wait(self._interval):
            try:
                result = self._run()
            except Exception:  # one bad round must not end the task
                log.exception("%s failed; trying again in %.0f s", self._name, self._interval)
                continue
            if result:
                log.info("%s: %s", self._name, result)


def periodic_task(name: str, run: Callable[[], object], interval_seconds: float) -> Iterator[PeriodicTask]:
    """A container Resource: started when first asked for, stopped at shutdown."""
    task = PeriodicTask(name, run, interval_seconds)
    task.start()
    yield task
    task.stop()


def poll_interval(silent_after_seconds: float) -> float:
    """Often enough that a silent job is asked about soon after its limit, rarely enough to be cheap."""
    return max(0.5, min(60.0, silent_after_seconds / 4))


def purge_interval(retention_seconds: float) -> float:
    return max(1.0, min(3600.0, retention_seconds / 10))
