"""What a live stream tells its client, in the service's words (the protocol renders them)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.transcript import Transcript


@dataclass(frozen=True, slots=True)
class SpeechStarted:
    item_id: str
    audio_start_ms: int


@dataclass(frozen=True, slots=True)
class SpeechStopped:
    item_id: str
    audio_end_ms: int


@dataclass(frozen=True, slots=True)
class UtteranceCommitted:
    item_id: str
    previous_item_id: str | None


@dataclass(frozen=True, slots=True)
class TranscriptDelta:
    item_id: str
    delta: str


@dataclass(frozen=True, slots=True)
class TranscriptCompleted:
    """The final decode of one utterance; its times count from the utterance's start,
    which lies `offset_seconds` into the stream."""

    item_id: str
    transcript: Transcript
    offset_seconds: float


@dataclass(frozen=True, slots=True)
class TranscriptFailed:
    item_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class BufferCleared:
    pass


@dataclass(frozen=True, slots=True)
class LiveError:
    """A refused client message; `fatal` ends the stream once its utterances are decoded."""

    code: str
    message: str
    param: str | None = None
    fatal: bool = False


LiveEvent = (
    SpeechStarted
    | SpeechStopped
    | UtteranceCommitted
    | TranscriptDelta
    | TranscriptCompleted
    | TranscriptFailed
    | BufferCleared
    | LiveError
)
