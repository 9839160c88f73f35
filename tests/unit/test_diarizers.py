"""The Diarizer adapters that need no model against DiarizerContract; SenkoDiarizer's run is in
tests/integration/test_senko_diarizer.py."""

from __future__ import annotations

import io
import wave

import pytest

from adapters.aws.transcribe_diarizer import TranscribeDiarizer
from adapters.memory import ScriptedDiarizer
from application.speaker_labelling import NoDiarizer
from domain.speakers import SpeakerTurn
from tests.contracts.diarizer import (
    DiarizerContract,
    ListeningDiarizerContract,
    Recording,
    RefusingDiarizerContract,
)

SECONDS = 2.0


def silent_wav(seconds: float = SECONDS, rate: int = 16000) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(b"\0\0" * int(seconds * rate))
    return out.getvalue()


@pytest.fixture
def recording() -> Recording:
    return Recording(silent_wav(), SECONDS)


class TestScriptedDiarizer(ListeningDiarizerContract):
    @pytest.fixture
    def diarizer(self) -> ScriptedDiarizer:
        return ScriptedDiarizer([SpeakerTurn(1.0, 2.0, "b"), SpeakerTurn(0.0, 0.9, "a")])


class TestNoDiarizer(RefusingDiarizerContract):
    @pytest.fixture
    def diarizer(self) -> NoDiarizer:
        return NoDiarizer("install the speakers extra")


class TestTranscribeDiarizerNotAskedForSpeakers(RefusingDiarizerContract):
    @pytest.fixture
    def diarizer(self) -> TranscribeDiarizer:
        return TranscribeDiarizer(max_speakers=None)


class TestTranscribeDiarizerAskedForSpeakers(DiarizerContract):
    @pytest.fixture
    def diarizer(self) -> TranscribeDiarizer:
        return TranscribeDiarizer(max_speakers=2)
