"""A speech-to-text engine that answers while the caller waits."""

from collections.abc import Callable, Sequence
from typing import BinaryIO, Protocol

from application.errors import TranscriptionFailed
from domain.transcript import Transcript, TranscriptionOptions

ProgressCallback = Callable[[float], None]
"""Called with the fraction (0..1) of the audio done so far."""


class Transcriber(Protocol):
    def transcribe(
        self,
        audio: BinaryIO,
        options: TranscriptionOptions,
        on_progress: ProgressCallback | None = None,
    ) -> Transcript:
        """Transcribe the whole stream. Raise TranscriptionFailed with a reason a client may read."""
        ...


class BatchTranscriber(Protocol):
    def transcribe_many(
        self, items: Sequence[tuple[BinaryIO, TranscriptionOptions]]
    ) -> list[Transcript | TranscriptionFailed]:
        """One result per item, in order: the transcript, or the TranscriptionFailed that
        item met (returned, not raised, so one bad clip does not fail the others). The
        engine may decode the items together; no progress is reported."""
        ...
