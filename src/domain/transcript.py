"""The transcript: what a finished job produced."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Word:
    start: float
    end: float
    text: str
    confidence: float
    speaker: str | None = None


@dataclass(frozen=True, slots=True)
class Segment:
    """`decoding` is how the engine decoded the segment, in the engine's own words: a
    read-only mapping the engine fills, read by the adapters that know those words (None
    when the engine reports nothing)."""

    start: float
    end: float
    text: str
    words: tuple[Word, ...] = ()
    decoding: Mapping[str, object] | None = None
    speaker: str | None = None


@dataclass(frozen=True, slots=True)
class Transcript:
    """Text with its timing. `language_probability` is None when the language was given, not
    detected; `speakers` lists the speakers' labels in the order they first speak (empty when
    speakers were not asked for)."""

    text: str
    language: str | None
    duration: float
    segments: tuple[Segment, ...] = ()
    language_probability: float | None = None
    speakers: tuple[str, ...] = ()

    @classmethod
    def from_segments(
        cls,
        segments: tuple[Segment, ...],
        *,
        language: str | None,
        duration: float,
        language_probability: float | None = None,
    ) -> Transcript:
        text = " ".join(s.text.strip() for s in segments if s.text.strip())
        return cls(text, language, duration, segments, language_probability)

    @property
    def words(self) -> tuple[Word, ...]:
        return tuple(w for s in self.segments for w in s.words)


@dataclass(frozen=True, slots=True)
class TranscriptionOptions:
    """What a client may ask of one transcription; None means the engine's configured default.

    `prompt` is text the speech is expected to follow (names, spelling, style); `temperature`
    0 or None keeps the engine's fallback schedule; `word_timestamps` True asks for word timings;
    `speakers` True asks for a speaker label on every word and segment.
    """

    language: str | None = None
    model: str | None = None
    prompt: str | None = None
    temperature: float | None = None
    word_timestamps: bool | None = None
    speakers: bool = False
