"""Long recordings decoded as many short clips: cut at speech pauses into spans of at most one
window (`speech_spans`), each span decoded by faster-whisper's sequential decoder as a
short clip is (timestamps, temperature fallback, compression-ratio and no-speech checks,
word timings), `batch_size` spans together with their engine calls made as one
(`call_batching`), and the spans' segments laid back on the recording's clock.

Unlike faster-whisper's batched pipeline, nothing of the sequential decoder's is given up;
unlike the sequential decoder over the whole recording, no window waits for the one before
it, and no window starts mid-word."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from adapters.segment_decoding import SegmentDecoding
from adapters.whisper.call_batching import decode_together
from adapters.whisper.segments import ENGINE_ERRORS
from adapters.whisper.speech_spans import SAMPLE_RATE, WINDOW_SECONDS, speech_spans
from application.errors import TranscriptionFailed
from application.ports import ProgressCallback
from domain.transcript import Segment, Transcript, TranscriptionOptions

HOP = 160  # samples per mel frame, as a segment's `seek` counts them

SpanDecoder = Callable[[Any, np.ndarray, TranscriptionOptions], Transcript]


@dataclasses.dataclass(frozen=True)
class SpanTranscription:
    """Audio longer than `threshold_seconds` (0: never; never a single window's worth) is
    decoded in spans, `batch_size` at a time."""

    threshold_seconds: float
    batch_size: int
    find_spans: Callable[[np.ndarray], list[tuple[int, int]]] = speech_spans

    def applies(self, samples: np.ndarray) -> bool:
        longest = max(self.threshold_seconds, WINDOW_SECONDS)
        return self.threshold_seconds > 0 and samples.size > longest * SAMPLE_RATE

    def transcribe(
        self,
        model: Any,
        samples: np.ndarray,
        options: TranscriptionOptions,
        decode_span: SpanDecoder,
        on_progress: ProgressCallback | None = None,
        engine_calls: list | None = None,
    ) -> Transcript:
        """One transcript of the whole recording, its times the recording's. Every span is
        decoded in one language: the one asked for, else the one heard in the first span."""
        duration = samples.size / SAMPLE_RATE
        spans = self.find_spans(samples)
        language, probability = _language(model, samples, spans, options.language)
        span_options = dataclasses.replace(options, language=language)
        segments: list[Segment] = []
        size = max(1, self.batch_size)
        for first in range(0, len(spans), size):
            group = spans[first : first + size]
            transcripts = _decode_group(model, samples, group, span_options, decode_span, engine_calls)
            for span, transcript in zip(group, transcripts):
                segments += [_shifted(segment, span) for segment in transcript.segments]
            if on_progress is not None:
                on_progress(min(group[-1][1] / samples.size, 1.0))
        return Transcript.from_segments(
            tuple(segments), language=language, duration=duration, language_probability=probability
        )


def _language(
    model: Any, samples: np.ndarray, spans: Sequence[tuple[int, int]], asked: str | None
) -> tuple[str, float | None]:
    """(language, its probability: None where it was asked for)."""
    if asked:
        return asked, None
    if not model.model.is_multilingual:
        return "en", 1.0
    start, end = spans[0] if spans else (0, samples.size)
    try:
        language, probability, _all = model.detect_language(audio=samples[start:end])
    except ENGINE_ERRORS as error:
        raise TranscriptionFailed("the speech engine could not tell the language of this audio") from error
    return language, probability


def _decode_group(model, samples, group, options, decode_span, engine_calls) -> list[Transcript]:
    clips = [samples[start:end] for start, end in group]
    if len(clips) == 1:
        return [decode_span(model, clips[0], options)]
    outcomes = decode_together(model, clips, lambda view, clip: decode_span(view, clip, options), engine_calls)
    for outcome in outcomes:
        if isinstance(outcome, BaseException):  # one span failed: the recording has no transcript
            raise outcome
    return outcomes


def _shifted(segment: Segment, span: tuple[int, int]) -> Segment:
    """On the recording's clock, and inside its span: Whisper's last timestamp in a window
    padded past the span's end can fall after it (by seconds, without word timings), which
    would lay the segment over the next span's."""
    start_sample, end_sample = span
    offset, last = start_sample / SAMPLE_RATE, (end_sample - start_sample) / SAMPLE_RATE
    words = tuple(
        dataclasses.replace(w, start=_at(w.start, offset, last), end=_at(w.end, offset, last)) for w in segment.words
    )
    decoding = segment.decoding
    if isinstance(decoding, SegmentDecoding):
        decoding = dataclasses.replace(decoding, seek=decoding.seek + start_sample // HOP)
    return dataclasses.replace(
        segment,
        start=_at(segment.start, offset, last),
        end=_at(segment.end, offset, last),
        words=words,
        decoding=decoding,
    )


def _at(time: float, offset: float, last: float) -> float:
    return round(min(max(time, 0.0), last) + offset, 3)
