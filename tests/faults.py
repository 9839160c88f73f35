"""FaultyTranscriber: a Transcriber whose first N calls crash, as an engine bug would.

Tests inject it through the container (`inject_transcriber_faults`), never through a
production setting."""

from __future__ import annotations

import threading
from typing import Any, BinaryIO

from dependency_injector import providers

from application.ports import ProgressCallback, Transcriber
from domain.transcript import Transcript, TranscriptionOptions


class InjectedFault(RuntimeError):
    """Not a TranscriptionFailed: it stands for a crash, which a queue retries."""


class FaultyTranscriber(Transcriber):
    """Wraps a real engine. `failures` calls raise InjectedFault before reaching it (a
    negative number: every call)."""

    def __init__(self, inner: Transcriber, failures: int) -> None:
        self._inner = inner
        self._left = failures
        self._lock = threading.Lock()
        self.raised = 0

    def transcribe(
        self, audio: BinaryIO, options: TranscriptionOptions, on_progress: ProgressCallback | None = None
    ) -> Transcript:
        with self._lock:
            fail = self._left != 0
            if self._left > 0:
                self._left -= 1
            if fail:
                self.raised += 1
        if fail:
            raise InjectedFault("injected transcriber fault")
        return self._inner.transcribe(audio, options, on_progress)

    def __getattr__(self, name: str) -> Any:  # warm_up and whatever else the engine offers
        return getattr(self._inner, name)


def inject_transcriber_faults(container: Any, failures: int) -> None:
    """The engine the profile chose, wrapped so that its first `failures` calls crash (-1: all);
    the speaker labelling and everything else stay as they are."""
    engine = container.speech.engine.last_overriding
    container.speech.engine.override(providers.Singleton(FaultyTranscriber, engine, failures))
