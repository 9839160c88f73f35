"""Transcripts in the shapes OpenAI's `POST /v1/audio/transcriptions` answers with."""

from __future__ import annotations

from typing import Any

from adapters.openai_compat.language_names import language_name
from domain.transcript import SegmentDecoding, Transcript

RESPONSE_FORMATS = ("json", "text", "srt", "vtt", "verbose_json")
GRANULARITIES = ("word", "segment")


def simple_json(transcript: Transcript) -> dict[str, Any]:
    return {"text": transcript.text}


def verbose_json(transcript: Transcript, granularities: tuple[str, ...] = ("segment",)) -> dict[str, Any]:
    """`segments` unless only words were asked for, `words` when they were (as OpenAI does)."""
    body: dict[str, Any] = {
        "task": "transcribe",
        "language": language_name(transcript.language),
        "duration": transcript.duration,
        "text": transcript.text,
    }
    if "segment" in granularities or not granularities:
        body["segments"] = [
            _segment(index, segment.start, segment.end, segment.text, segment.decoding)
            for index, segment in enumerate(transcript.segments)
        ]
    if "word" in granularities:
        body["words"] = [{"word": w.text, "start": w.start, "end": w.end} for w in transcript.words]
    return body


def _segment(index: int, start: float, end: float, text: str, decoding: SegmentDecoding | None) -> dict[str, Any]:
    decoding = decoding or SegmentDecoding()
    return {
        "id": index,
        "seek": decoding.seek,
        "start": start,
        "end": end,
        # Whisper's segments start with the space that separates them from the previous one.
        "text": " " + text if text else text,
        "tokens": list(decoding.tokens),
        "temperature": decoding.temperature,
        "avg_logprob": decoding.avg_logprob,
        "compression_ratio": decoding.compression_ratio,
        "no_speech_prob": decoding.no_speech_prob,
    }
