"""Several speech models in memory at once, within a byte budget, unloaded when idle."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

# Names under this prefix are other models that share the budget (the speaker diarizer's),
# never speech models a job may name.
SHARED_MODEL_PREFIX = "shared:"


@dataclass(slots=True)
class _Loaded:
    model: Any
    size: int
    last_used: float
    users: int = 0


class WhisperModelPool:
    """Loads models by name on demand and shares each among the jobs that use it.

    - Loaded models together stay within `max_bytes` (0: no bound), as estimated by
      `size_of` before loading: the least recently used model that no job is using is
      unloaded to make room. A model in use is never unloaded, so while every loaded
      model is busy the bound is exceeded rather than a job refused.
    - A model unused for `idle_seconds` (0: never) is unloaded, except those in `keep`.
    - Each name is loaded once even when many jobs ask for it together; loading one model
      does not hold up jobs on the others.
    """

    def __init__(
        self,
        load: Callable[[str], Any],
        size_of: Callable[[str], int],
        max_bytes: int = 0,
        idle_seconds: float = 0.0,
        keep: frozenset[str] = frozenset(),
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._load = load
        self._size_of = size_of
        self._max_bytes = max_bytes
        self._idle_seconds = idle_seconds
        self._keep = keep
        self._clock = clock
        self._loaded: dict[str, _Loaded] = {}
        self._lock = threading.Lock()
        self._loading: dict[str, threading.Lock] = {}
        self._reserved = 0  # bytes of models being loaded right now
        self._stopped = threading.Event()
        self._reaper: threading.Thread | None = None

    def loaded(self) -> list[str]:
        with self._lock:
            return list(self._loaded)

    def loaded_bytes(self) -> int:
        with self._lock:
            return sum(entry.size for entry in self._loaded.values())

    def holds(self, names: set[str]) -> bool:
        """Whether these models, loaded together, stay within `max_bytes` (always, with no
        bound): a caller about to use them at once asks, since models in use are never unloaded."""
        return self._max_bytes <= 0 or sum(self._size_of(name) for name in names) <= self._max_bytes

    def get(self, name: str) -> Any:
        """The model, loaded if need be, without holding it (for warm-up and inspection)."""
        with self.use(name) as model:
            return model

    @contextmanager
    def use(self, name: str) -> Iterator[Any]:
        """Hold the model for the duration of the block: it cannot be unloaded meanwhile."""
        entry = self._acquire(name)
        try:
            yield entry.model
        finally:
            with self._lock:
                entry.users -= 1
                entry.last_used = self._clock()
                self._unload_over_budget(spare=name)

    def unload_idle(self) -> list[str]:
        """Unload models idle longer than `idle_seconds`; the names unloaded."""
        if self._idle_seconds <= 0:
            return []
        now = self._clock()
        with self._lock:
            idle = [
                name
                for name, entry in self._loaded.items()
                if entry.users == 0 and name not in self._keep and now - entry.last_used >= self._idle_seconds
            ]
            for name in idle:
                del self._loaded[name]
        for name in idle:
            log.info("unloaded speech model %s after %g s idle", name, self._idle_seconds)
        return idle

    def start(self, interval: float | None = None) -> None:
        """Check for idle models in a background thread until `close`."""
        if self._idle_seconds <= 0 or self._reaper is not None:
            return
        period = interval or max(0.05, min(60.0, self._idle_seconds / 4))

        def reap() -> None:
            while not self._stopped.wait(period):
                self.unload_idle()

        self._reaper = threading.Thread(target=reap, name="voxrelay-model-reaper", daemon=True)
        self._reaper.start()

    def close(self) -> None:
        self._stopped.set()
        if self._reaper is not None:
            self._reaper.join(5)
        with self._lock:
            self._loaded.clear()

    def _acquire(self, name: str) -> _Loaded:
        with self._lock:
            entry = self._take(name)
            if entry is not None:
                return entry
            loading = self._loading.setdefault(name, threading.Lock())
        with loading:  # one load per name; other names go on meanwhile
            with self._lock:
                entry = self._take(name)
                if entry is not None:
                    return entry
                size = self._size_of(name)
                self._unload_over_budget(incoming=size)
                self._reserved += size
            try:
                model = self._load(name)  # may raise: nothing is recorded then
            finally:
                with self._lock:
                    self._reserved -= size
            with self._lock:
                entry = _Loaded(model, size, self._clock(), users=1)
                self._loaded[name] = entry
                self._loading.pop(name, None)
            log.info("loaded speech model %s (%d MB budgeted)", name, size // 1_000_000)
            return entry

    def _take(self, name: str) -> _Loaded | None:
        entry = self._loaded.get(name)
        if entry is not None:
            entry.users += 1
            entry.last_used = self._clock()
        return entry

    def _unload_over_budget(self, incoming: int = 0, spare: str | None = None) -> None:
        """Caller holds the lock. Least recently used first; models in use are skipped, and
        so is `spare`, the model just used: one model larger than the bound stays loaded
        until another needs the room, rather than being reloaded for every job."""
        if self._max_bytes <= 0:
            return
        total = incoming + self._reserved + sum(entry.size for entry in self._loaded.values())
        for name, entry in sorted(self._loaded.items(), key=lambda item: item[1].last_used):
            if total <= self._max_bytes:
                break
            if entry.users == 0 and name != spare:
                del self._loaded[name]
                total -= entry.size
                log.info("unloaded speech model %s to stay within %d bytes", name, self._max_bytes)
