"""InputAudio: a live stream's audio as the client sends it, made 16 kHz 16-bit mono PCM.

The formats OpenAI's Realtime types name: `audio/pcm` (16-bit little-endian mono, at 24 kHz
by default; other rates are accepted and resampled), `audio/pcmu` and `audio/pcma` (G.711
µ-law and A-law at 8 kHz); the beta names `pcm16`, `g711_ulaw`, `g711_alaw`."""

from __future__ import annotations

import av
import numpy as np

TARGET_RATE = 16000
RATES = (8000, 11025, 16000, 22050, 24000, 32000, 44100, 48000)
BETA_NAMES = {"pcm16": "audio/pcm", "g711_ulaw": "audio/pcmu", "g711_alaw": "audio/pcma"}


class UnsupportedInputFormat(ValueError):
    def __init__(self, message: str, param: str) -> None:
        super().__init__(message)
        self.param = param


def _ulaw_table() -> np.ndarray:
    codes = ~np.arange(256, dtype=np.int32) & 0xFF
    exponent = (codes >> 4) & 0x07
    magnitude = ((((codes & 0x0F) << 3) + 0x84) << exponent) - 0x84
    return np.where(codes & 0x80, -magnitude, magnitude).astype(np.int16)


def _alaw_table() -> np.ndarray:
    codes = np.arange(256, dtype=np.int32) ^ 0x55
    exponent = (codes >> 4) & 0x07
    mantissa = codes & 0x0F
    magnitude = np.where(exponent == 0, (mantissa << 4) + 8, ((mantissa << 4) + 0x108) << np.maximum(exponent - 1, 0))
    return np.where(codes & 0x80, magnitude, -magnitude).astype(np.int16)


_TABLES = {"audio/pcmu": _ulaw_table(), "audio/pcma": _alaw_table()}


class InputAudio:
    """One stream's converter: it keeps the resampler's state, so chunks join seamlessly."""

    def __init__(self, kind: str = "audio/pcm", rate: int = 24000) -> None:
        kind = BETA_NAMES.get(kind, kind)
        if kind not in ("audio/pcm", *_TABLES):
            raise UnsupportedInputFormat(
                f"unsupported audio format {kind!r}: use audio/pcm, audio/pcmu or audio/pcma",
                "session.audio.input.format.type",
            )
        if kind != "audio/pcm":
            rate = 8000
        if rate not in RATES:
            rates = ", ".join(map(str, RATES))
            raise UnsupportedInputFormat(
                f"unsupported rate {rate}: use one of {rates}", "session.audio.input.format.rate"
            )
        self.kind, self.rate = kind, rate
        self._table = _TABLES.get(kind)
        self._odd = b""
        self._resampler = (
            None if rate == TARGET_RATE else av.AudioResampler(format="s16", layout="mono", rate=TARGET_RATE)
        )
        self._pts = 0

    def to_16k(self, data: bytes) -> bytes:
        if self._table is not None:
            samples = self._table[np.frombuffer(data, dtype=np.uint8)]
        else:
            data, self._odd = self._odd + data, b""
            if len(data) % 2:
                data, self._odd = data[:-1], data[-1:]
            samples = np.frombuffer(data, dtype="<i2")
        if self._resampler is None:
            return samples.astype("<i2").tobytes()
        if samples.size == 0:
            return b""
        frame = av.AudioFrame.from_ndarray(samples.astype(np.int16).reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = self.rate
        frame.pts = self._pts
        self._pts += samples.size
        return b"".join(bytes(out.to_ndarray().astype("<i2").tobytes()) for out in self._resampler.resample(frame))
