"""Long audio decoded in side-by-side stretches: every part heard, in order, with progress."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from adapters.pyav import decode_mono
from adapters.whisper import WhisperTranscriber
from application.errors import JobCancelled
from domain.transcript import TranscriptionOptions

FIXTURES = Path(__file__).parent / "fixtures"
KEY_WORDS = {"quick", "fox", "lazy", "dog", "please", "call", "bring", "things"}
COPIES = 7


@pytest.fixture(scope="module")
def recording() -> np.ndarray:
    with open(FIXTURES / "speech.wav", "rb") as audio:
        speech = decode_mono(audio, 16000, None)
    gap = np.zeros(8000, np.float32)
    return np.concatenate([part for _ in range(COPIES) for part in (speech, gap)])


@pytest.fixture(scope="module")
def transcriber():
    transcriber = WhisperTranscriber(cpu_threads=2, batch_threshold_seconds=30.0, batch_size=3)
    transcriber.warm_up()
    return transcriber


@pytest.mark.slow
def test_every_copy_of_the_speech_is_heard_in_its_own_place_and_progress_rises_to_one(transcriber, recording):
    reported: list[float] = []

    transcript = transcriber._transcribe_samples(recording, TranscriptionOptions(language="en"), reported.append)

    copy_seconds = recording.size / 16000 / COPIES
    for index in range(COPIES):
        heard = " ".join(w.text for w in transcript.words if index * copy_seconds <= w.start < (index + 1) * copy_seconds)
        assert KEY_WORDS <= set(re.sub(r"[^a-z' ]", " ", heard.lower()).split()), index
    starts = [segment.start for segment in transcript.segments]
    assert starts == sorted(starts) and transcript.duration == pytest.approx(recording.size / 16000)
    assert reported == sorted(reported) and reported[-1] == 1.0 and len(reported) > 2


@pytest.mark.slow
def test_a_job_cancelled_mid_way_stops_every_stretch(transcriber, recording):
    def cancel(fraction: float) -> None:
        raise JobCancelled("cancelled")

    with pytest.raises(JobCancelled):
        transcriber._transcribe_samples(recording, TranscriptionOptions(language="en"), cancel)
