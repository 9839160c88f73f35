"""A second CTranslate2 engine of a CPU model for batches: one replica per CPU thread, each
running on one thread, so that the parts of a batch (windows, halves of a beam search,
word alignments) run side by side instead of one after another on all the threads.

Measured on 2 cores (tiny.en, int8): a beam search over 8 clips' first windows took 0.8 CPU s
as two halves on two one-thread replicas against 1.15 as one call on two threads (and 1.7 one
clip at a time); eight encoder windows took the same CPU time either way but less wall time
on a loaded machine, since two one-thread calls never wait for each other. The numbers are
the same as the lone engine's: per row the arithmetic does not depend on the thread count or
on the other rows (the token-for-token test says so)."""

from __future__ import annotations

import os
import threading
from typing import Any

import ctranslate2  # type: ignore[import-untyped]


def default_threads(cpu_threads: int) -> int:
    """What CTranslate2 gives `intra_threads=0`: four, or the cores when fewer."""
    return cpu_threads if cpu_threads > 0 else min(4, os.cpu_count() or 1)


class EngineReplicas:
    """`count` one-thread replicas of the model at `path`, loaded on first use (a model that
    never sees a batch costs no memory for them). None on a GPU or with one thread: there
    the lone engine is already what a batch should run on."""

    def __init__(self, path: str, compute_type: str, threads: int) -> None:
        self._path = path
        self._compute_type = compute_type
        self.count = threads
        self._engine: Any = None
        self._lock = threading.Lock()

    @classmethod
    def for_model(cls, path: str, device: str, compute_type: str, cpu_threads: int) -> EngineReplicas | None:
        threads = default_threads(cpu_threads)
        return cls(path, compute_type, threads) if device == "cpu" and threads > 1 else None

    @property
    def loaded(self) -> bool:
        return self._engine is not None

    def engine(self) -> Any:
        with self._lock:
            if self._engine is None:
                self._engine = ctranslate2.models.Whisper(
                    self._path,
                    device="cpu",
                    compute_type=self._compute_type,
                    inter_threads=self.count,
                    intra_threads=1,
                )
            return self._engine
