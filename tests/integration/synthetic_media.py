"""Small media files made on the fly with PyAV, for probe cases espeak cannot produce."""

from __future__ import annotations

import io

import av
import numpy as np


def tone(
    container: str,
    audio_codec: str | None,
    *,
    rate: int = 16000,
    seconds: float = 1.0,
    with_video: bool = False,
    muxer_options: dict[str, str] | None = None,
) -> io.BytesIO:
    """A 440 Hz tone in `container` (no audio if `audio_codec` is None), optionally with a
    black video track."""
    buffer = io.BytesIO()
    with av.open(buffer, "w", format=container, options=muxer_options or {}) as out:
        # Every stream must exist before the first packet is muxed (the header is written then).
        video = _add_video(out) if with_video else None
        audio = out.add_stream(audio_codec, rate=rate, layout="mono") if audio_codec else None
        if video is not None:
            _mux_black_video(out, video, seconds)
        if audio is not None:
            _mux_tone(out, audio, rate, seconds)
    buffer.seek(0)
    return buffer


def _add_video(out):
    stream = out.add_stream("mpeg4", rate=10)
    stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
    return stream


def _mux_black_video(out, stream, seconds: float) -> None:
    for i in range(int(seconds * 10)):
        frame = av.VideoFrame.from_ndarray(np.zeros((48, 64, 3), np.uint8), format="rgb24")
        frame.pts = i
        out.mux(stream.encode(frame))
    out.mux(stream.encode(None))


def _mux_tone(out, stream, rate: int, seconds: float) -> None:
    t = np.arange(int(seconds * rate)) / rate
    samples = (np.sin(2 * np.pi * 440 * t) * 8000).astype(np.int16).reshape(1, -1)
    frame = av.AudioFrame.from_ndarray(samples, format="s16", layout="mono")
    frame.sample_rate = rate
    frame.pts = 0
    resampler = av.AudioResampler(format=stream.format.name, layout="mono", rate=rate)
    for converted in [*resampler.resample(frame), *resampler.resample(None)]:
        out.mux(stream.encode(converted))
    out.mux(stream.encode(None))
