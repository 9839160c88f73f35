"""The engines the unit suite and fault tests stand in for Whisper with keep the Transcriber
contract, so what a use case learns against them holds for the real one (tests/integration
runs the same contract on WhisperTranscriber)."""

from __future__ import annotations

import io

import pytest

from adapters.memory import ScriptedTranscriber
from domain.transcript import TranscriptionOptions
from tests.contracts.transcriber import BatchTranscriberContract, TranscriberContract
from tests.faults import FaultyTranscriber, InjectedFault
from tests.unit.conftest import SPEECH


class TestScriptedTranscriber(TranscriberContract, BatchTranscriberContract):
    @pytest.fixture
    def transcriber(self) -> ScriptedTranscriber:
        return ScriptedTranscriber("hello from the contract")

    @pytest.fixture
    def speech(self) -> bytes:
        return SPEECH

    @pytest.fixture
    def failing(self) -> tuple[ScriptedTranscriber, bytes]:
        return ScriptedTranscriber(failure="the engine could not process this audio"), SPEECH


class TestFaultyTranscriberPassingThrough(TranscriberContract):
    """With no failures left to inject it is the engine it wraps."""

    @pytest.fixture
    def transcriber(self) -> FaultyTranscriber:
        return FaultyTranscriber(ScriptedTranscriber("hello from the contract"), failures=0)

    @pytest.fixture
    def speech(self) -> bytes:
        return SPEECH

    @pytest.fixture
    def failing(self) -> tuple[FaultyTranscriber, bytes]:
        return FaultyTranscriber(ScriptedTranscriber(failure="unreadable"), failures=0), SPEECH


def test_an_injected_fault_is_a_crash_not_a_transcription_failure():
    faulty = FaultyTranscriber(ScriptedTranscriber(), failures=1)
    with pytest.raises(InjectedFault):
        faulty.transcribe(io.BytesIO(SPEECH), TranscriptionOptions())
    assert faulty.raised == 1
    assert faulty.transcribe(io.BytesIO(SPEECH), TranscriptionOptions()).text == "hello world"  # then it passes
