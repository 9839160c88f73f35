"""What live transcription needs from the outside: voice activity, decoding, a recording.

Audio crosses these ports as 16-bit little-endian mono PCM at 16 kHz, in bytes."""

from __future__ import annotations

from typing import Protocol

from domain.transcript import Transcript, TranscriptionOptions
from domain.values import AudioReference


class VoiceActivityStream(Protocol):
    """One stream's detector; it keeps its own state from call to call."""

    window_samples: int

    def feed(self, pcm: bytes) -> list[float]:
        """Speech probabilities (0..1) of every whole window completed by `pcm`, in order;
        samples short of a window wait for the next call."""
        ...


class VoiceActivity(Protocol):
    def open_stream(self) -> VoiceActivityStream: ...


class SpeechDecoder(Protocol):
    def decode(self, pcm: bytes, options: TranscriptionOptions, final: bool) -> Transcript:
        """Transcribe one utterance of at most 30 s. `final` decodes with the batch
        settings (beam, word timings); otherwise as fast as the engine can, for a draft.
        Raise TranscriptionFailed with a reason a client may read."""
        ...


class LiveRecording(Protocol):
    """A live stream's audio written to storage as it arrives. Exactly one of `finish` or
    `abort` ends it. `write` only collects (it is called on the event loop); `flush`, once
    `flush_due`, hands what was collected to storage and may block, as `finish` and `abort` may."""

    def write(self, pcm: bytes) -> None: ...

    @property
    def flush_due(self) -> bool: ...

    def flush(self) -> None: ...

    def finish(self) -> AudioReference: ...

    def abort(self) -> None: ...
