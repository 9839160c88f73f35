"""Scripted stand-ins for the audio probe and the engine, for tests that need no model."""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO

from application.errors import TranscriptionFailed, UnsupportedAudio
from application.ports import AudioInfo, ProgressCallback
from domain.transcript import Segment, Transcript, TranscriptionOptions, Word
from domain.values import MediaFormat

FAKE_AUDIO_MAGIC = b"FAKEAUDIO"


class ScriptedAudioProbe:
    """Accepts content that starts with FAKEAUDIO, as a WAV of `duration_seconds`."""

    def __init__(self, duration_seconds: float = 2.0, media_format: MediaFormat = MediaFormat.WAV):
        self.duration_seconds = duration_seconds
        self.media_format = media_format
        self.probed = 0
        self.max_seconds_asked: float | None = None

    def probe(self, audio: BinaryIO, max_seconds: float | None = None) -> AudioInfo:
        self.probed += 1
        self.max_seconds_asked = max_seconds
        if audio.read(len(FAKE_AUDIO_MAGIC)) != FAKE_AUDIO_MAGIC:
            raise UnsupportedAudio("the content is not audio")
        return AudioInfo(self.media_format, self.duration_seconds, 16000, 1)


class ScriptedTranscriber:
    """Answers every call with `text` (or raises `failure`) and records what it was given."""

    def __init__(self, text: str = "hello world", failure: str | None = None) -> None:
        self.text = text
        self.failure = failure
        self.calls: list[tuple[bytes, TranscriptionOptions]] = []
        self.on_call: Callable[[], object] | None = None  # runs mid-transcription, as a test wishes
        self.batches: list[int] = []  # sizes of the transcribe_many calls

    def transcribe_many(self, items) -> list[Transcript | TranscriptionFailed]:
        """The BatchTranscriber port: each item as `transcribe` would answer it."""
        self.batches.append(len(items))
        results: list[Transcript | TranscriptionFailed] = []
        for audio, options in items:
            try:
                results.append(self.transcribe(audio, options))
            except TranscriptionFailed as failure:
                results.append(failure)
        return results

    def transcribe(
        self,
        audio: BinaryIO,
        options: TranscriptionOptions,
        on_progress: ProgressCallback | None = None,
    ) -> Transcript:
        self.calls.append((audio.read(), options))
        if self.failure is not None:
            raise TranscriptionFailed(self.failure)
        words = self.text.split()
        timed = tuple(Word(i * 0.5, i * 0.5 + 0.4, w, 0.9) for i, w in enumerate(words))
        if self.on_call is not None:
            self.on_call()
        if on_progress is not None:
            on_progress(0.5)
            on_progress(1.0)
        segment = Segment(0.0, len(words) * 0.5, self.text, timed)
        return Transcript.from_segments((segment,), language=options.language or "en", duration=len(words) * 0.5)
