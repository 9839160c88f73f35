"""One clip for faster-whisper: its samples read from the audio, and which of faster-whisper's
decoders it goes through, with what options."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, BinaryIO

import numpy as np

from adapters.pyav import decode_mono
from adapters.whisper.segments import ENGINE_ERRORS
from adapters.whisper.word_alignment import transcribe_with_fixed_windows
from application.errors import AudioTooLong, TranscriptionFailed, UnsupportedAudio
from domain.transcript import TranscriptionOptions

SAMPLE_RATE = 16000


def read_samples(audio: BinaryIO, max_seconds: float | None) -> np.ndarray:
    """Not faster-whisper's own decoder: ours opens with the probe's demuxer whitelist and
    stops at the maximum, so the engine never reads what the probe did not accept."""
    try:
        samples = decode_mono(audio, SAMPLE_RATE, max_seconds)
    except (UnsupportedAudio, AudioTooLong) as error:
        raise TranscriptionFailed(str(error)) from error
    if samples.size == 0:
        raise TranscriptionFailed("the audio holds no sound to transcribe")
    return samples


@dataclass(frozen=True)
class ClipDecoding:
    """With word timings (and neither the VAD filter nor `words_move_windows`), the clip is
    decoded in the windows it would have without them and the words aligned afterwards;
    else faster-whisper decodes it as it does."""

    beam_size: int
    word_timestamps: bool
    vad_filter: bool
    words_move_windows: bool

    def decode(
        self, model: Any, samples: np.ndarray, options: TranscriptionOptions, language: str | None
    ) -> tuple[Iterable[Any], Any]:
        """faster-whisper's segments (lazy) and its TranscriptionInfo; TranscriptionFailed when
        the engine refuses the audio."""
        words = self.word_timestamps if options.word_timestamps is None else options.word_timestamps
        extra: dict[str, Any] = {}
        if options.temperature:  # 0 or None: faster-whisper's fallback schedule from 0
            extra["temperature"] = options.temperature
        if options.prompt:
            extra["initial_prompt"] = options.prompt
        try:
            if words and not (self.vad_filter or self.words_move_windows):
                # Aligned afterwards: faster-whisper's own word timings move its windows,
                # and so the text (see word_alignment); VAD-cut audio keeps them.
                return transcribe_with_fixed_windows(
                    model, samples, language=language, beam_size=self.beam_size, **extra
                )
            return model.transcribe(
                samples,
                language=language,
                beam_size=self.beam_size,
                word_timestamps=words,
                vad_filter=self.vad_filter,
                **extra,
            )
        except ENGINE_ERRORS as error:
            raise TranscriptionFailed("the speech engine could not process this audio") from error
