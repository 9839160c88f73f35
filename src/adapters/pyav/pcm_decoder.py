"""Decoding untrusted media to mono samples for a speech engine, within a length limit."""

from __future__ import annotations

from typing import BinaryIO

import av
import numpy as np

from adapters.pyav.codecs import check_codec
from adapters.pyav.opening import CORRUPT, open_untrusted
from application.errors import AudioTooLong, UnsupportedAudio

_FIRST_GUESS_SECONDS = 30.0  # when the header says nothing of the length
_GROWTH = 1.5


class _PcmBuffer:
    """float32 samples written in place into one buffer: sized once from the header's
    length when it gives one (headers lie, so only as a first guess), grown by half when the
    stream holds more, never past the limit. A stream's decode then costs its float32 size,
    not int16 chunks, their concatenation and two float32 copies."""

    def __init__(self, capacity: int, limit: int | None) -> None:
        self._limit = limit
        self.samples = np.empty(self._bounded(max(capacity, 1)), np.float32)
        self.size = 0

    def _bounded(self, capacity: int) -> int:
        return capacity if self._limit is None else min(capacity, self._limit + 1)

    def append(self, frame: av.AudioFrame) -> None:
        pcm = frame.to_ndarray().reshape(-1)  # int16: one frame, a few thousand samples
        end = self.size + pcm.size
        if end > self.samples.size:
            grown = np.empty(self._bounded(max(end, int(self.samples.size * _GROWTH))), np.float32)
            grown[: self.size] = self.samples[: self.size]
            self.samples = grown
        self.samples[self.size : end] = pcm
        self.size = end

    def result(self) -> np.ndarray:
        samples = self.samples
        self.samples = np.empty(0, np.float32)
        samples.resize(self.size, refcheck=False)  # shrinks in place: no copy
        np.multiply(samples, np.float32(1 / 32768.0), out=samples)
        return samples


def decode_mono(audio: BinaryIO, sample_rate: int, max_seconds: float | None = None) -> np.ndarray:
    """float32 mono samples in [-1, 1) at `sample_rate`, as faster-whisper's own decoder
    gives, but opened with the probe's demuxer whitelist, the codec checked against ours,
    and stopped with AudioTooLong the moment more than `max_seconds` has come out: the
    probe's count is a strong hint, yet only decoding proves what a stream holds."""
    limit = None if max_seconds is None else int(max_seconds * sample_rate)
    resampler = av.AudioResampler(format="s16", layout="mono", rate=sample_rate)
    buffer: _PcmBuffer | None = None
    try:
        with open_untrusted(audio) as container:
            if not container.streams.audio:
                raise UnsupportedAudio("the content has no audio stream")
            stream = container.streams.audio[0]
            check_codec(getattr(stream.codec_context, "name", None))
            buffer = _PcmBuffer(_guess_samples(container, sample_rate), limit)
            for frame in _frames(container):
                for converted in resampler.resample(frame):
                    _keep(buffer, converted, limit, max_seconds)
            for converted in resampler.resample(None):
                _keep(buffer, converted, limit, max_seconds)
    except CORRUPT as error:
        if buffer is None or buffer.size == 0:
            raise UnsupportedAudio("the audio could not be decoded") from error
        # A damaged tail after good audio: keep what decoded, as faster-whisper does.
    if buffer is None:
        return np.zeros(0, np.float32)
    return buffer.result()


def _guess_samples(container, sample_rate: int) -> int:
    seconds = container.duration / av.time_base if container.duration else _FIRST_GUESS_SECONDS
    return int(min(max(seconds, 0.0), 48 * 3600.0) * sample_rate) + sample_rate


def _frames(container):
    for frame in container.decode(audio=0):
        frame.pts = None  # a resampler refuses timestamps that jump; we only want the samples
        yield frame


def _keep(buffer: _PcmBuffer, frame: av.AudioFrame, limit: int | None, max_seconds) -> None:
    if limit is not None and buffer.size + frame.samples > limit:
        raise AudioTooLong(max_seconds)
    buffer.append(frame)
