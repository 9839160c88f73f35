"""From faster-whisper's lazy segments to the domain's, reporting progress on the way."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from adapters.segment_decoding import SegmentDecoding
from application.errors import TranscriptionFailed
from application.ports import ProgressCallback
from domain.transcript import Segment, Word

# What CTranslate2 raises when decoding fails (bad input, out of memory on a device);
# anything else is our own bug and propagates.
ENGINE_ERRORS = (RuntimeError, ValueError, IndexError)


def collect_segments(
    segments: Iterable[Any], duration: float, on_progress: ProgressCallback | None
) -> tuple[Segment, ...]:
    """Drain faster-whisper's lazy generator: decoding happens here, segment by segment."""
    collected: list[Segment] = []
    iterator = iter(segments)
    while True:
        try:
            segment = next(iterator)
        except StopIteration:
            break
        except ENGINE_ERRORS as error:  # the callback below stays outside: its errors are not ours
            raise TranscriptionFailed("the speech engine failed on this audio") from error
        collected.append(_to_segment(segment))
        if on_progress is not None and duration > 0:
            on_progress(min(segment.end / duration, 1.0))
    return tuple(collected)


def _to_segment(segment: Any) -> Segment:
    words = tuple(
        Word(start=w.start, end=w.end, text=w.word.strip(), confidence=w.probability) for w in (segment.words or ())
    )
    decoding = SegmentDecoding(
        seek=int(getattr(segment, "seek", 0)),
        tokens=tuple(getattr(segment, "tokens", ()) or ()),
        temperature=float(getattr(segment, "temperature", 0.0) or 0.0),
        avg_logprob=float(getattr(segment, "avg_logprob", 0.0)),
        compression_ratio=float(getattr(segment, "compression_ratio", 0.0)),
        no_speech_prob=float(getattr(segment, "no_speech_prob", 0.0)),
    )
    return Segment(start=segment.start, end=segment.end, text=segment.text.strip(), words=words, decoding=decoding)
