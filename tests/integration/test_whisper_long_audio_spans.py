"""A long recording of real speech decoded in spans with the real tiny.en model: each span
reads exactly as it does alone, the spans' engine calls are batched, and the whole reads as
well as the sequential decode of it."""

from __future__ import annotations

import numpy as np
import pytest

from adapters.whisper import WhisperTranscriber
from adapters.whisper.speech_spans import speech_spans
from bench.scoring import corpus_wer
from domain.transcript import TranscriptionOptions
from tests.integration.joined_speech import RATE, joined_speech

pytestmark = pytest.mark.slow
ENGLISH = TranscriptionOptions(language="en")


@pytest.fixture(scope="module")
def recording() -> tuple[np.ndarray, str]:
    return joined_speech(150)


@pytest.fixture(scope="module")
def in_spans() -> WhisperTranscriber:
    return WhisperTranscriber(cpu_threads=2, batch_threshold_seconds=60, batch_size=4, engine_calls=[])


def test_each_span_reads_as_it_does_alone_on_the_recordings_clock(recording, in_spans):
    samples, _reference = recording
    progress: list[float] = []
    whole = in_spans._transcribe_samples(samples, ENGLISH, progress.append)
    spans = speech_spans(samples)

    assert len(spans) >= 5
    assert any(method == "generate" and rows > 1 for method, rows in in_spans.engine_calls or ())
    assert len(progress) > len(spans) and progress == sorted(progress) and progress[-1] == 1.0
    start, end = spans[2]
    alone = in_spans._transcribe_samples(samples[start:end], ENGLISH, None)
    at = start / RATE
    expected = [(s.text, round(s.start + at, 3), round(s.end + at, 3), s.decoding["tokens"]) for s in alone.segments]
    inside = [s for s in whole.segments if start / RATE - 0.01 <= s.start and s.end <= end / RATE + 0.01]
    assert expected and [(s.text, s.start, s.end, s.decoding["tokens"]) for s in inside] == expected
    words = whole.words
    assert all(a.start <= b.start for a, b in zip(words, words[1:]))
    assert all(0 <= w.start <= w.end <= whole.duration for w in words)
    assert whole.duration == pytest.approx(samples.size / RATE)


def test_the_recording_in_spans_reads_as_well_as_decoded_sequentially(recording, in_spans):
    samples, reference = recording
    sequential = WhisperTranscriber(cpu_threads=2, batch_threshold_seconds=0, pool=in_spans.pool)
    spans_wer = corpus_wer([reference], [in_spans._transcribe_samples(samples, ENGLISH, None).text])
    sequential_wer = corpus_wer([reference], [sequential._transcribe_samples(samples, ENGLISH, None).text])
    assert spans_wer <= sequential_wer + 0.005  # the target: under half a point worse
