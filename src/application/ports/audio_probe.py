"""Looks inside an upload to tell what it is before a job is made of it."""

from dataclasses import dataclass
from typing import BinaryIO, Protocol

from domain.values import MediaFormat


@dataclass(frozen=True, slots=True)
class AudioInfo:
    media_format: MediaFormat
    duration_seconds: float
    sample_rate: int
    channels: int


class AudioProbe(Protocol):
    def probe(self, audio: BinaryIO, max_seconds: float | None = None) -> AudioInfo:
        """Identify and measure the audio; raise UnsupportedAudio if it does not decode as audio.

        The duration is measured from the content, not read from a header that may lie.
        Measuring may stop once the audio is known to last more than `max_seconds`; the
        duration returned is then above `max_seconds`, not the whole length."""
        ...
