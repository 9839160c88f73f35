"""Decoding untrusted media to mono samples for a speech engine, within a length limit."""

from __future__ import annotations

from typing import BinaryIO

import av
import numpy as np

from adapters.pyav.opening import CORRUPT, open_untrusted
from application.errors import AudioTooLong, UnsupportedAudio


def decode_mono(audio: BinaryIO, sample_rate: int, max_seconds: float | None = None) -> np.ndarray:
    """float32 mono samples in [-1, 1) at `sample_rate`, as faster-whisper's own decoder
    gives, but opened with the probe's demuxer whitelist and stopped with AudioTooLong the
    moment more than `max_seconds` has come out: the probe's count is a strong hint, yet
    only decoding proves what a stream holds, and memory grows with every second kept."""
    limit = None if max_seconds is None else int(max_seconds * sample_rate)
    resampler = av.AudioResampler(format="s16", layout="mono", rate=sample_rate)
    chunks: list[np.ndarray] = []
    kept = 0
    try:
        with open_untrusted(audio) as container:
            if not container.streams.audio:
                raise UnsupportedAudio("the content has no audio stream")
            for frame in _frames(container):
                for converted in resampler.resample(frame):
                    kept += _keep(chunks, converted, kept, limit, max_seconds)
            for converted in resampler.resample(None):
                kept += _keep(chunks, converted, kept, limit, max_seconds)
    except CORRUPT as error:
        if not chunks:
            raise UnsupportedAudio("the audio could not be decoded") from error
        # A damaged tail after good audio: keep what decoded, as faster-whisper does.
    if not chunks:
        return np.zeros(0, np.float32)
    return np.concatenate(chunks).astype(np.float32) / 32768.0


def _frames(container):
    for frame in container.decode(audio=0):
        frame.pts = None  # a resampler refuses timestamps that jump; we only want the samples
        yield frame


def _keep(chunks: list[np.ndarray], frame: av.AudioFrame, kept: int, limit: int | None, max_seconds) -> int:
    samples = frame.to_ndarray().reshape(-1)
    if limit is not None and kept + samples.size > limit:
        raise AudioTooLong(max_seconds)
    chunks.append(samples)
    return samples.size
