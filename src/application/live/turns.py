"""Server VAD turn detection on one live stream."""

from __future__ import annotations

from collections.abc import Iterator

from application.live.utterances import Cut, UtteranceCutter, VadSettings
from application.ports.live_audio import VoiceActivity


class ServerTurns:
    """The stream's speech probabilities cut into utterances, each cut with its position in
    the stream (the detector counts from `origin`, where it was started)."""

    def __init__(self, vad: VoiceActivity, settings: VadSettings, max_samples: int, origin: int) -> None:
        self._stream = vad.open_stream()
        self._cutter = UtteranceCutter(settings, self._stream.window_samples, max_samples)
        self._origin = origin

    def feed(self, pcm: bytes) -> Iterator[tuple[Cut, int]]:
        for probability in self._stream.feed(pcm):
            for cut in self._cutter.feed(probability):
                yield cut, self._origin + cut.sample

    def reset(self) -> None:
        self._cutter.reset()
