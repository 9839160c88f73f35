"""LoudnessVoiceActivity against VoiceActivityContract; SileroVoiceActivity's run is in
tests/integration/test_live_audio_adapters.py."""

from __future__ import annotations

import array
import math
import sys

import pytest

from adapters.memory.voice_activity import LoudnessVoiceActivity
from tests.contracts.voice_activity import VoiceActivityContract


def tone(seconds: float = 1.0, rate: int = 16000, amplitude: int = 8000) -> bytes:
    wave = (amplitude * math.sin(2 * math.pi * 440 * n / rate) for n in range(int(seconds * rate)))
    samples = array.array("h", map(int, wave))
    if sys.byteorder == "big":
        samples.byteswap()
    return samples.tobytes()


class TestLoudnessVoiceActivity(VoiceActivityContract):
    @pytest.fixture
    def voice_activity(self) -> LoudnessVoiceActivity:
        return LoudnessVoiceActivity()

    @pytest.fixture
    def speech_pcm(self) -> bytes:
        return tone()
