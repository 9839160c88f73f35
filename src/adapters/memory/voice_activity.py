"""LoudnessVoiceActivity: the VoiceActivity port by loudness alone, for tests and scripts."""

from __future__ import annotations

import array
import sys


class _LoudnessStream:
    def __init__(self, window_samples: int, loud: int) -> None:
        self.window_samples = window_samples
        self._loud = loud
        self._rest = b""

    def feed(self, pcm: bytes) -> list[float]:
        data = self._rest + pcm
        step = self.window_samples * 2
        whole = len(data) // step * step
        self._rest = data[whole:]
        samples = array.array("h")
        samples.frombytes(data[:whole])
        if sys.byteorder == "big":
            samples.byteswap()
        return [
            1.0 if max(map(abs, samples[i : i + self.window_samples]), default=0) >= self._loud else 0.0
            for i in range(0, len(samples), self.window_samples)
        ]


class LoudnessVoiceActivity:
    """Speech wherever a window's peak reaches `loud`: right for synthetic audio (silence
    or a tone), where the answer is known, not for a real microphone."""

    def __init__(self, window_samples: int = 512, loud: int = 1000) -> None:
        self._window = window_samples
        self._loud = loud

    def open_stream(self) -> _LoudnessStream:
        return _LoudnessStream(self._window, self._loud)
