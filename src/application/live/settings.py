"""How one live stream is run: its turn detection, decode cadence and bounds."""

from __future__ import annotations

from dataclasses import dataclass, field

from application.live.utterances import SAMPLE_RATE, VadSettings
from domain.transcript import TranscriptionOptions

BYTES_PER_SAMPLE = 2


@dataclass(frozen=True, slots=True)
class LiveSettings:
    """`vad` None: the client commits each utterance itself. Seconds are of audio, except
    `max_ahead_seconds`, which compares the audio received with the wall time elapsed."""

    vad: VadSettings | None = field(default_factory=VadSettings)
    options: TranscriptionOptions = field(default_factory=TranscriptionOptions)
    decode_interval_seconds: float = 0.5
    max_utterance_seconds: float = 30.0
    max_stream_seconds: float = 3600.0
    max_ahead_seconds: float = 10.0
    min_commit_seconds: float = 0.1
    min_draft_seconds: float = 0.3

    def samples(self, seconds: float) -> int:
        return int(seconds * SAMPLE_RATE)


@dataclass(frozen=True, slots=True)
class DecodeJob:
    """One decode to run: a draft of the utterance so far, or its final decode."""

    item_id: str
    pcm: bytes
    final: bool
    offset_seconds: float

    @property
    def seconds(self) -> float:
        return len(self.pcm) / BYTES_PER_SAMPLE / SAMPLE_RATE
