"""Transcripts in the shapes OpenAI's `POST /v1/audio/transcriptions` answers with."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from adapters.openai_compat.language_names import language_name
from adapters.segment_decoding import SegmentDecoding
from domain.transcript import Transcript

RESPONSE_FORMATS = ("json", "text", "srt", "vtt", "verbose_json", "diarized_json")
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


def _segment(index: int, start: float, end: float, text: str, details: Mapping[str, object] | None) -> dict[str, Any]:
    decoding = SegmentDecoding.of(details)
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


def diarized_json(transcript: Transcript) -> dict[str, Any]:
    """OpenAI's `TranscriptionDiarized`: one `transcript.text.segment` per segment (ours are
    cut where the speaker changes), speakers lettered A, B, ... in the order they first
    speak, as OpenAI letters them, and the usage billed by duration."""
    letters = {name: _letter(n) for n, name in enumerate(transcript.speakers)}
    return {
        "task": "transcribe",
        "duration": transcript.duration,
        "text": transcript.text,
        "segments": [
            {
                "type": "transcript.text.segment",
                "id": f"seg_{index}",
                "start": segment.start,
                "end": segment.end,
                "text": segment.text.strip(),
                "speaker": letters.get(segment.speaker or "", "A"),
            }
            for index, segment in enumerate(transcript.segments)
        ],
        "usage": {"type": "duration", "seconds": transcript.duration},
    }


def _letter(index: int) -> str:
    """A ... Z, then AA, AB, ... as spreadsheet columns go."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name
