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
import threading
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from adapters.segment_decoding import SegmentDecoding
from adapters.whisper.call_batching import decode_together
from adapters.whisper.clip_decoding import SAMPLE_RATE
from adapters.whisper.segments import ENGINE_ERRORS
from adapters.whisper.speech_spans import WINDOW_SECONDS, speech_spans
from application.errors import TranscriptionFailed
from application.ports import ProgressCallback
from domain.transcript import Segment, Transcript, TranscriptionOptions

HOP = 160  # samples per mel frame, as a segment's `seek` counts them

SpanDecoder = Callable[[Any, np.ndarray, TranscriptionOptions, ProgressCallback | None], Transcript]
Span = tuple[int, int]


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
        progress = SpanProgress(on_progress, spans) if on_progress is not None else None
        segments: list[Segment] = []
        size = max(1, self.batch_size)
        for first in range(0, len(spans), size):
            group = spans[first : first + size]
            transcripts = _decode_group(model, samples, group, span_options, decode_span, progress, engine_calls)
            for span, transcript in zip(group, transcripts):
                segments += [_shifted(segment, span) for segment in transcript.segments]
        return Transcript.from_segments(
            tuple(segments), language=language, duration=duration, language_probability=probability
        )


class SpanProgress:
    """The spans' progress as one fraction of the recording's speech: each span reports how
    much of itself is decoded, and the whole is the decoded share of all spans' samples, so
    it only rises while spans decode side by side. A report that raises (the job was
    cancelled) stops every span at its next report, not only the one that heard it."""

    def __init__(self, on_progress: ProgressCallback, spans: Sequence[Span]) -> None:
        self._on_progress = on_progress
        self._total = sum(end - start for start, end in spans) or 1
        self._done: dict[Span, float] = {}
        self._stopped: BaseException | None = None
        self._lock = threading.Lock()

    def of(self, span: Span) -> ProgressCallback:
        def report(fraction: float) -> None:
            with self._lock:
                if self._stopped is not None:
                    raise self._stopped
                self._done[span] = max(self._done.get(span, 0.0), fraction * (span[1] - span[0]))
                try:
                    self._on_progress(min(sum(self._done.values()) / self._total, 1.0))
                except BaseException as stop:
                    self._stopped = stop
                    raise

        return report


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


def _decode_group(
    model: Any,
    samples: np.ndarray,
    group: Sequence[Span],
    options: TranscriptionOptions,
    decode_span: SpanDecoder,
    progress: SpanProgress | None,
    engine_calls: list | None,
) -> list[Transcript]:
    pieces = [(samples[start:end], progress.of((start, end)) if progress else None) for start, end in group]
    if len(pieces) == 1:
        return [decode_span(model, pieces[0][0], options, pieces[0][1])]
    outcomes = decode_together(
        model, pieces, lambda view, piece: decode_span(view, piece[0], options, piece[1]), engine_calls
    )
    for outcome in outcomes:
        if isinstance(outcome, BaseException):  # one span failed or was stopped: the recording ends with it
            raise outcome
    return outcomes


def _shifted(segment: Segment, span: Span) -> Segment:
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
