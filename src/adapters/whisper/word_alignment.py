"""Word timings that leave the decoding alone.

Asked for word timings, faster-whisper starts each next 30 s window at the last word's end
instead of at the last timestamp the model wrote, so the same audio decodes to other text
than without word timings (on long audio mostly). Here the audio is decoded exactly as
without word timings, and each window's words are aligned afterwards, with faster-whisper's
own alignment, on that window's encoder output: kept from the decoding by
`WindowKeepingWhisperModel` (the pool's models are of that kind), or encoded once more for a
model that keeps none.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
from faster_whisper import WhisperModel  # type: ignore[import-untyped]
from faster_whisper.audio import pad_or_trim  # type: ignore[import-untyped]
from faster_whisper.tokenizer import Tokenizer  # type: ignore[import-untyped]
from faster_whisper.transcribe import Segment, TranscriptionInfo, Word  # type: ignore[import-untyped]


class WindowKeepingWhisperModel(WhisperModel):
    """A WhisperModel that keeps, for each thread, the encoder output of the window it
    encoded last: the one whose segments it is yielding, since it encodes a window only once
    the previous one's segments have all been taken."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._kept = threading.local()

    def encode(self, features: np.ndarray) -> Any:
        output = super().encode(features)
        if features.ndim == 2:  # one window of the sequential decoding, not a batch
            self._kept.output = output
        return output

    def last_encoded(self) -> Any:
        """Handed over once: the thread holds on to no window it has handed over."""
        output, self._kept.output = getattr(self._kept, "output", None), None
        return output


def transcribe_with_fixed_windows(
    model: Any, samples: np.ndarray, **options: Any
) -> tuple[Iterator[Segment], TranscriptionInfo]:
    """`model.transcribe(samples, **options)` without word timings, its segments given words
    as they are decoded (lazily, like faster-whisper's own)."""
    segments, info = model.transcribe(samples, word_timestamps=False, **options)
    return _aligned(model, samples, segments, info), info


def _aligned(
    model: Any, samples: np.ndarray, segments: Iterable[Segment], info: TranscriptionInfo
) -> Iterator[Segment]:
    windows = _Windows(model, samples)
    tokenizer = Tokenizer(model.hf_tokenizer, model.model.is_multilingual, task="transcribe", language=info.language)
    last_speech, kept = 0.0, None
    window: list[Segment] = []
    for segment in segments:
        if window and segment.seek != window[0].seek:
            aligned, last_speech = _align_window(model, windows, tokenizer, info, window, last_speech, kept)
            yield from aligned
            window = []
        if not window and isinstance(model, WindowKeepingWhisperModel):
            kept = model.last_encoded()  # this segment's window, encoded just before it was decoded
        window.append(segment)
    if window:
        aligned, _ = _align_window(model, windows, tokenizer, info, window, last_speech, kept)
        yield from aligned


class _Windows:
    """The frames of the audio as faster-whisper counts them, and (only for a model that
    keeps no encoder output) the encoder output of a window, computed again."""

    def __init__(self, model: Any, samples: np.ndarray) -> None:
        self._model, self._samples = model, samples
        self._features: np.ndarray | None = None
        self.content_frames = samples.size // model.feature_extractor.hop_length  # its mel frames, less one

    def size(self, seek: int) -> int:
        return min(self._model.feature_extractor.nb_max_frames, self.content_frames - seek)

    def encoded(self, seek: int) -> Any:
        if self._features is None:
            self._features = self._model.feature_extractor(self._samples)
        return self._model.encode(pad_or_trim(self._features[:, seek : seek + self.size(seek)]))


def _align_window(model, windows, tokenizer, info, window, last_speech, kept) -> tuple[list[Segment], float]:
    seek = window[0].seek
    encoder_output = kept if kept is not None else windows.encoded(seek)
    pieces = [{"seek": seek, "start": s.start, "end": s.end, "tokens": list(s.tokens)} for s in window]
    options = info.transcription_options
    model.add_word_timestamps(
        [pieces],
        tokenizer,
        encoder_output,
        windows.size(seek),
        options.prepend_punctuations,
        options.append_punctuations,
        last_speech_timestamp=last_speech,
    )
    aligned = [
        dataclasses.replace(segment, start=piece["start"], end=piece["end"], words=[Word(**w) for w in piece["words"]])
        for segment, piece in zip(window, pieces)
    ]
    ends = [w.end for s in aligned for w in (s.words or ())]
    return aligned, ends[-1] if ends else (aligned[-1].end if aligned else last_speech)
