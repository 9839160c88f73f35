"""A transcript's JSON: its public view, and its record, which adds each segment's decoding.
Decoding inverts encoding."""

from __future__ import annotations

from typing import Any

from adapters.segment_decoding import SegmentDecoding
from domain.transcript import Segment, Transcript, Word


def transcript_to_json(transcript: Transcript) -> dict[str, Any]:
    """Speaker labels appear only on a transcript that has them (`speakers` non-empty)."""
    labelled = bool(transcript.speakers)
    data: dict[str, Any] = {
        "text": transcript.text,
        "language": transcript.language,
        "language_probability": transcript.language_probability,
        "duration": transcript.duration,
        "segments": [_segment_to_json(s, labelled) for s in transcript.segments],
    }
    if labelled:
        data["speakers"] = list(transcript.speakers)
    return data


def _segment_to_json(segment: Segment, labelled: bool) -> dict[str, Any]:
    words = []
    for w in segment.words:
        word: dict[str, Any] = {"start": w.start, "end": w.end, "text": w.text, "confidence": w.confidence}
        if labelled:
            word["speaker"] = w.speaker
        words.append(word)
    data: dict[str, Any] = {"start": segment.start, "end": segment.end, "text": segment.text}
    if labelled:
        data["speaker"] = segment.speaker
    data["words"] = words
    return data


def transcript_to_record(transcript: Transcript) -> dict[str, Any]:
    """Every field of the transcript, for stores: the public view plus each segment's decoding."""
    record = transcript_to_json(transcript)
    for segment, data in zip(transcript.segments, record["segments"], strict=True):
        if segment.decoding is not None:
            data["decoding"] = _decoding_to_json(SegmentDecoding.of(segment.decoding))
    return record


def _decoding_to_json(decoding: SegmentDecoding) -> dict[str, Any]:
    return {
        "seek": decoding.seek,
        "tokens": list(decoding.tokens),
        "temperature": decoding.temperature,
        "avg_logprob": decoding.avg_logprob,
        "compression_ratio": decoding.compression_ratio,
        "no_speech_prob": decoding.no_speech_prob,
    }


def _decoding_from_json(data: dict[str, Any] | None) -> SegmentDecoding | None:
    if data is None:
        return None
    return SegmentDecoding(
        seek=data["seek"],
        tokens=tuple(data["tokens"]),
        temperature=data["temperature"],
        avg_logprob=data["avg_logprob"],
        compression_ratio=data["compression_ratio"],
        no_speech_prob=data["no_speech_prob"],
    )


def transcript_from_json(data: dict[str, Any]) -> Transcript:
    """Reads the public view and the record alike (a segment without `decoding` has none)."""
    segments = tuple(
        Segment(
            s["start"],
            s["end"],
            s["text"],
            tuple(Word(w["start"], w["end"], w["text"], w["confidence"], w.get("speaker")) for w in s.get("words", [])),
            _decoding_from_json(s.get("decoding")),
            speaker=s.get("speaker"),
        )
        for s in data.get("segments", [])
    )
    return Transcript(
        text=data["text"],
        language=data.get("language"),
        duration=data.get("duration", 0.0),
        segments=segments,
        language_probability=data.get("language_probability"),
        speakers=tuple(data.get("speakers", ())),
    )
