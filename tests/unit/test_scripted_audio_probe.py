"""The scripted probe the unit suite uses keeps the AudioProbe contract (tests/integration runs
it on PyAvAudioProbe), so what a use case learns against it holds for the real one."""

from __future__ import annotations

import pytest

from adapters.memory import ScriptedAudioProbe
from tests.contracts.audio_probe import AudioProbeContract
from tests.unit.conftest import SPEECH


class TestScriptedAudioProbe(AudioProbeContract):
    @pytest.fixture
    def probe(self) -> ScriptedAudioProbe:
        return ScriptedAudioProbe()

    @pytest.fixture
    def audio(self, probe):
        def lasting(seconds: float) -> bytes:
            probe.duration_seconds = seconds  # what the script says the next upload lasts
            return SPEECH

        return lasting
