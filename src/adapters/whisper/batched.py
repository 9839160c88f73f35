"""faster-whisper's batched pipeline, two ways: one long recording cut by the VAD into
≤30 s chunks decoded B at a time, and several short clips of different jobs decoded
together in one batch (cross-request batching)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
from faster_whisper import BatchedInferencePipeline

SAMPLE_RATE = 16000
CHUNK_SECONDS = 30.0


def transcribe_long(model: Any, samples: np.ndarray, batch_size: int, **options: Any):
    """(segments, info) as WhisperModel.transcribe gives: VAD-segmented, batched decoding."""
    pipeline = BatchedInferencePipeline(model)
    return pipeline.transcribe(samples, batch_size=batch_size, vad_filter=True, **options)


def transcribe_clips(model: Any, clips: list[np.ndarray], batch_size: int, **options: Any):
    """Segments of each clip (each ≤30 s), decoded in batches of `batch_size`.

    The clips are laid end to end and each one is named as a clip of its own
    (`clip_timestamps`), so the pipeline computes one feature window per clip, stacks
    them, runs the encoder and beam search on the stack, then word timings per window.
    Times come back relative to each clip. The language must be given: the pipeline
    would otherwise detect one language for the whole stack."""
    bounds: list[tuple[int, int]] = []
    position = 0
    for clip in clips:
        bounds.append((position, position + clip.size))
        position += clip.size
    stamps = [{"start": start / SAMPLE_RATE, "end": end / SAMPLE_RATE} for start, end in bounds]
    pipeline = BatchedInferencePipeline(model)
    segments, info = pipeline.transcribe(
        np.concatenate(clips), batch_size=batch_size, clip_timestamps=stamps, **options
    )
    starts = [start / SAMPLE_RATE for start, _ in bounds]
    frames_per_second = model.frames_per_second
    per_clip: list[list[Any]] = [[] for _ in clips]
    for segment in segments:
        index = _clip_of(segment.seek / frames_per_second, starts)
        per_clip[index].append(_shifted(segment, starts[index]))
    return per_clip, info


def _clip_of(offset: float, starts: list[float]) -> int:
    """The clip a segment's window began in: its `seek` is that window's start, rounded
    down to a whole feature frame, so the nearest clip start is the one."""
    return min(range(len(starts)), key=lambda index: abs(starts[index] - offset))


def _shifted(segment: Any, offset: float) -> Any:
    words = None
    if segment.words is not None:
        words = [
            replace(word, start=max(0.0, word.start - offset), end=max(0.0, word.end - offset))
            for word in segment.words
        ]
    return replace(
        segment, seek=0, start=max(0.0, segment.start - offset), end=max(0.0, segment.end - offset), words=words
    )
