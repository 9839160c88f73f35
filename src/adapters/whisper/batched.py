"""faster-whisper's batched pipeline: one long recording cut by the VAD into ≤30 s chunks
decoded B at a time. (Short clips of different jobs are batched in call_batching, exactly.)"""

from __future__ import annotations

from typing import Any

import numpy as np
from faster_whisper import BatchedInferencePipeline  # type: ignore[import-untyped]

SAMPLE_RATE = 16000
CHUNK_SECONDS = 30.0


def transcribe_long(model: Any, samples: np.ndarray, batch_size: int, **options: Any):
    """(segments, info) as WhisperModel.transcribe gives: VAD-segmented, batched decoding."""
    pipeline = BatchedInferencePipeline(model)
    return pipeline.transcribe(samples, batch_size=batch_size, vad_filter=True, **options)
