"""Word timings that leave the decoding alone.

Asked for word timings, faster-whisper starts each next 30 s window at the last word's end
instead of at the last timestamp the model wrote, so the same audio decodes to other text
than without word timings (on long audio mostly). Here the audio is decoded exactly as
without word timings, and each window's words are aligned afterwards, with faster-whisper's
own alignment, on that window's encoder output: one more encoder pass per window.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
from faster_whisper.audio import pad_or_trim
from faster_whisper.tokenizer import Tokenizer
from faster_whisper.transcribe import Segment, TranscriptionInfo, Word


def transcribe_with_fixed_windows(model: Any, samples: np.ndarray, **options: Any) -> tuple[Iterator[Segment], TranscriptionInfo]:
    """`model.transcribe(samples, **options)` without word timings, its segments given words
    as they are decoded (lazily, like faster-whisper's own)."""
    segments, info = model.transcribe(samples, word_timestamps=False, **options)
    return _aligned(model, samples, segments, info), info


def _aligned(model: Any, samples: np.ndarray, segments: Iterable[Segment], info: TranscriptionInfo) -> Iterator[Segment]:
    features = model.feature_extractor(samples)
    content_frames = features.shape[-1] - 1
    tokenizer = Tokenizer(model.hf_tokenizer, model.model.is_multilingual, task="transcribe", language=info.language)
    last_speech = 0.0
    window: list[Segment] = []
    for segment in segments:
        if window and segment.seek != window[0].seek:
            aligned, last_speech = _align_window(model, features, content_frames, tokenizer, info, window, last_speech)
            yield from aligned
            window = []
        window.append(segment)
    if window:
        aligned, _ = _align_window(model, features, content_frames, tokenizer, info, window, last_speech)
        yield from aligned


def _align_window(model, features, content_frames, tokenizer, info, window, last_speech) -> tuple[list[Segment], float]:
    seek = window[0].seek
    size = min(model.feature_extractor.nb_max_frames, content_frames - seek)
    encoder_output = model.encode(pad_or_trim(features[:, seek : seek + size]))
    pieces = [{"seek": seek, "start": s.start, "end": s.end, "tokens": list(s.tokens)} for s in window]
    options = info.transcription_options
    model.add_word_timestamps(
        [pieces], tokenizer, encoder_output, size,
        options.prepend_punctuations, options.append_punctuations, last_speech_timestamp=last_speech,
    )
    aligned = [
        dataclasses.replace(segment, start=piece["start"], end=piece["end"], words=[Word(**w) for w in piece["words"]])
        for segment, piece in zip(window, pieces)
    ]
    ends = [w.end for s in aligned for w in (s.words or ())]
    return aligned, ends[-1] if ends else (aligned[-1].end if aligned else last_speech)
