"""Long recordings in spans: where they are cut, and how the spans' transcripts become one."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.segment_decoding import SegmentDecoding
from adapters.whisper.clip_decoding import SAMPLE_RATE
from adapters.whisper.span_transcription import SpanTranscription
from adapters.whisper.speech_spans import speech_spans
from application.errors import TranscriptionCancelled, TranscriptionFailed
from domain.transcript import Segment, Transcript, TranscriptionOptions, Word

RATE = SAMPLE_RATE


@st.composite
def speech_stretches(draw):
    """What a VAD could say of up to 20 minutes: stretches of 0.05-29.6 s, 0-8 s apart."""
    stretches, at = [], draw(st.integers(0, 5 * RATE))
    for _ in range(draw(st.integers(0, 40))):
        length = draw(st.integers(RATE // 20, int(29.6 * RATE)))
        stretches.append({"start": at, "end": at + length})
        at += length + draw(st.integers(0, 8 * RATE))
    return stretches, at + draw(st.integers(0, 5 * RATE))


@settings(max_examples=100, deadline=None)
@given(speech_stretches())
def test_spans_are_ordered_apart_within_a_window_and_hold_every_stretch(drawn):
    stretches, size = drawn
    spans = speech_spans(np.zeros(size, np.float32), detect=lambda _samples, _vad: stretches)

    assert all(0 <= start < end <= size for start, end in spans)
    assert all(end <= next_start for (_, end), (next_start, _) in zip(spans, spans[1:]))
    assert all(end - start <= 30 * RATE for start, end in spans)
    for stretch in stretches:  # every stretch of speech lies whole inside one span
        assert any(start <= stretch["start"] and stretch["end"] <= end for start, end in spans)
    assert len(spans) <= len(stretches)


def test_stretches_that_fit_one_window_together_are_one_span_with_its_pauses():
    stretches = [{"start": 1 * RATE, "end": 10 * RATE}, {"start": 12 * RATE, "end": 25 * RATE}]
    spans = speech_spans(np.zeros(60 * RATE, np.float32), detect=lambda _s, _v: stretches)
    assert spans == [(int(0.8 * RATE), int(25.2 * RATE))]


def test_a_stretch_that_would_overfill_the_window_starts_the_next_span_and_margins_meet_halfway():
    stretches = [{"start": 0, "end": 20 * RATE}, {"start": 20 * RATE + 1600, "end": 35 * RATE}]
    spans = speech_spans(np.zeros(40 * RATE, np.float32), detect=lambda _s, _v: stretches)
    assert spans == [(0, 20 * RATE + 800), (20 * RATE + 800, int(35.2 * RATE))]


def test_no_speech_no_spans():
    assert speech_spans(np.zeros(90 * RATE, np.float32), detect=lambda _s, _v: []) == []


class SpanModel:
    """What the span path asks of a faster-whisper model: its engine says whether it is
    multilingual, and it can be asked the language of some audio."""

    def __init__(self, multilingual: bool = False, deaf: bool = False) -> None:
        self.model = SimpleNamespace(is_multilingual=multilingual, device="cpu")
        self.asked_language_of: list[int] = []
        self._deaf = deaf

    def detect_language(self, audio):
        self.asked_language_of.append(audio.size)
        if self._deaf:
            raise RuntimeError("CTranslate2 could not run the encoder")
        return "de", 0.93, [("de", 0.93)]


class SpanDecoder:
    """Decodes a span to one segment of one word lasting the span, in the language it was
    given, reporting half of it done and then all of it; a span of `failing_size` samples
    fails. Notes the options and sizes it saw, and the spans it finished."""

    def __init__(self, failing_size: int | None = None) -> None:
        self.seen: list[tuple[int, str | None]] = []
        self.finished: list[int] = []
        self._failing_size = failing_size
        self._lock = threading.Lock()

    def __call__(self, _model, samples: np.ndarray, options: TranscriptionOptions, on_progress=None) -> Transcript:
        with self._lock:
            self.seen.append((samples.size, options.language))
        if on_progress is not None:
            on_progress(0.5)
        if samples.size == self._failing_size:
            raise TranscriptionFailed("the speech engine failed on this audio")
        if on_progress is not None:
            on_progress(1.0)
        with self._lock:
            self.finished.append(samples.size)
        seconds = samples.size / RATE
        word = Word(start=0.5, end=seconds, text=f"w{samples.size}", confidence=0.9)
        segment = Segment(0.0, seconds, f"w{samples.size}", (word,), SegmentDecoding(seek=100, tokens=(1, 2)))
        return Transcript.from_segments((segment,), language=options.language, duration=seconds)


SPANS = [(0, 10 * RATE), (12 * RATE, 40 * RATE), (41 * RATE, 50 * RATE), (60 * RATE, 61 * RATE)]


def spans_of(_samples: np.ndarray) -> list[tuple[int, int]]:
    return SPANS


def test_the_spans_transcripts_are_laid_on_the_recordings_clock_in_order():
    decoder, progress = SpanDecoder(), []
    spans = SpanTranscription(threshold_seconds=60, batch_size=3, find_spans=spans_of)
    transcript = spans.transcribe(
        SpanModel(), np.zeros(70 * RATE, np.float32), TranscriptionOptions(), decoder, progress.append
    )

    assert [s.text for s in transcript.segments] == [f"w{end - start}" for start, end in SPANS]
    assert [(s.start, s.end) for s in transcript.segments] == [(0.0, 10.0), (12.0, 40.0), (41.0, 50.0), (60.0, 61.0)]
    assert [(w.start, w.end) for w in transcript.words] == [(0.5, 10.0), (12.5, 40.0), (41.5, 50.0), (60.5, 61.0)]
    assert [s.decoding["seek"] for s in transcript.segments] == [100 + start // 160 for start, _ in SPANS]
    assert (transcript.language, transcript.duration, transcript.language_probability) == ("en", 70.0, 1.0)
    assert sorted(decoder.seen) == sorted((end - start, "en") for start, end in SPANS)
    assert len(progress) == 8 and progress == sorted(progress)  # two reports a span, side by side
    assert progress[-1] == 1.0 and progress[0] >= 0.5 / 48  # a share of the 48 s of speech


def test_a_cancel_heard_by_one_span_stops_the_spans_beside_it_and_the_batches_after():
    decoder, reports = SpanDecoder(), []

    def cancelled(fraction: float) -> None:  # says so once, as the job's progress saver does
        reports.append(fraction)
        if len(reports) == 1:
            raise TranscriptionCancelled("job j was cancelled")

    spans = SpanTranscription(threshold_seconds=60, batch_size=3, find_spans=spans_of)
    with pytest.raises(TranscriptionCancelled):
        spans.transcribe(SpanModel(), np.zeros(70 * RATE, np.float32), TranscriptionOptions(), decoder, cancelled)
    assert decoder.finished == [] and len(reports) == 1  # the others stopped at their first report
    assert sorted(size for size, _ in decoder.seen) == sorted(end - start for start, end in SPANS[:3])


def test_a_multilingual_model_hears_the_language_in_the_first_span_and_decodes_every_span_in_it():
    model, decoder = SpanModel(multilingual=True), SpanDecoder()
    spans = SpanTranscription(threshold_seconds=60, batch_size=8, find_spans=spans_of)
    transcript = spans.transcribe(model, np.zeros(70 * RATE, np.float32), TranscriptionOptions(), decoder)

    assert model.asked_language_of == [10 * RATE]
    assert {language for _size, language in decoder.seen} == {"de"}
    assert (transcript.language, transcript.language_probability) == ("de", 0.93)


def test_a_language_asked_for_is_not_detected_and_has_no_probability():
    model, decoder = SpanModel(multilingual=True), SpanDecoder()
    spans = SpanTranscription(threshold_seconds=60, batch_size=2, find_spans=spans_of)
    transcript = spans.transcribe(model, np.zeros(70 * RATE, np.float32), TranscriptionOptions(language="fr"), decoder)

    assert model.asked_language_of == []
    assert {language for _size, language in decoder.seen} == {"fr"}
    assert (transcript.language, transcript.language_probability) == ("fr", None)


def test_an_engine_that_cannot_tell_the_language_fails_the_recording_and_decodes_nothing():
    decoder = SpanDecoder()
    spans = SpanTranscription(threshold_seconds=60, batch_size=4, find_spans=spans_of)
    with pytest.raises(TranscriptionFailed, match="language"):
        spans.transcribe(SpanModel(multilingual=True, deaf=True), np.zeros(70 * RATE), TranscriptionOptions(), decoder)
    assert decoder.seen == []


def test_one_span_that_fails_fails_the_recording():
    decoder = SpanDecoder(failing_size=28 * RATE)
    spans = SpanTranscription(threshold_seconds=60, batch_size=4, find_spans=spans_of)
    with pytest.raises(TranscriptionFailed):
        spans.transcribe(SpanModel(), np.zeros(70 * RATE, np.float32), TranscriptionOptions(), decoder)


def test_a_recording_without_speech_has_an_empty_transcript():
    spans = SpanTranscription(threshold_seconds=60, batch_size=4, find_spans=lambda _samples: [])
    transcript = spans.transcribe(SpanModel(), np.zeros(70 * RATE, np.float32), TranscriptionOptions(), SpanDecoder())
    assert (transcript.text, transcript.segments, transcript.duration) == ("", (), 70.0)


@pytest.mark.parametrize(
    ("threshold", "seconds", "applies"),
    [(0, 3600, False), (60, 60, False), (60, 60.1, True), (10, 30, False), (10, 31, True)],
)
def test_spans_are_for_audio_over_the_threshold_and_over_one_window(threshold, seconds, applies):
    spans = SpanTranscription(threshold_seconds=threshold, batch_size=8)
    assert spans.applies(np.zeros(int(seconds * RATE), np.float32)) is applies


def overshooting_decode(_model, samples: np.ndarray, options: TranscriptionOptions, _progress=None) -> Transcript:
    """As Whisper does on a clip padded to its window: the last segment ends at a timestamp
    past the clip's end (seconds past it, without word timings), here 8 s."""
    seconds = samples.size / RATE
    word = Word(start=0.5, end=seconds + 8.0, text=f"w{samples.size}", confidence=0.9)
    segment = Segment(0.0, seconds + 8.0, f"w{samples.size}", (word,), SegmentDecoding(seek=0))
    return Transcript.from_segments((segment,), language=options.language, duration=seconds)


def test_a_segment_the_engine_ends_past_its_span_ends_where_the_span_does():
    spans = SpanTranscription(threshold_seconds=60, batch_size=8, find_spans=spans_of)
    transcript = spans.transcribe(
        SpanModel(), np.zeros(70 * RATE, np.float32), TranscriptionOptions(), overshooting_decode
    )

    assert [(s.start, s.end) for s in transcript.segments] == [(0.0, 10.0), (12.0, 40.0), (41.0, 50.0), (60.0, 61.0)]
    assert [w.end for w in transcript.words] == [10.0, 40.0, 50.0, 61.0]
