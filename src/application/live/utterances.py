"""UtteranceCutter: where speech starts and stops, from one speech probability per window."""

from __future__ import annotations

from dataclasses import dataclass

SAMPLE_RATE = 16000


@dataclass(frozen=True, slots=True)
class VadSettings:
    """OpenAI's server_vad fields: speech starts at `threshold`, stops after
    `silence_duration_ms` below it, and an utterance begins `prefix_padding_ms` before the
    first window heard as speech."""

    threshold: float = 0.5
    prefix_padding_ms: int = 300
    silence_duration_ms: int = 500


@dataclass(frozen=True, slots=True)
class Cut:
    """`started` at `sample` (prefix included), or stopped there; `forced` when the
    maximum utterance length, not silence, ended it."""

    started: bool
    sample: int
    forced: bool = False


class UtteranceCutter:
    """Rules: speech starts at the first window at or above `threshold`; it stops once the
    probability has stayed below `threshold - 0.15` (hysteresis, as Silero's own cutter) for
    `silence_duration_ms`, the stop placed at the end of that silence; an utterance that
    reaches `max_samples` is cut there and, if speech goes on, a new one starts at once."""

    def __init__(self, settings: VadSettings, window_samples: int, max_samples: int) -> None:
        self._settings = settings
        self._window = window_samples
        self._max = max_samples
        self._low = max(settings.threshold - 0.15, 0.01)
        self._silence_needed = settings.silence_duration_ms * SAMPLE_RATE // 1000
        self._prefix = settings.prefix_padding_ms * SAMPLE_RATE // 1000
        self._position = 0  # samples of windows seen so far: a position in the stream
        self._start: int | None = None
        self._silence = 0

    @property
    def speaking(self) -> bool:
        return self._start is not None

    def feed(self, probability: float) -> list[Cut]:
        begin, self._position = self._position, self._position + self._window
        if self._start is None:
            if probability >= self._settings.threshold:
                self._start = max(0, begin - self._prefix)
                self._silence = 0
                return [Cut(True, self._start)]
            return []
        if probability < self._low:
            self._silence += self._window
            if self._silence >= self._silence_needed:
                self._start = None
                return [Cut(False, self._position)]
        else:
            self._silence = 0
        if self._position - self._start >= self._max:
            self._start = self._position
            return [Cut(False, self._position, forced=True), Cut(True, self._position, forced=True)]
        return []

    def reset(self) -> None:
        """Forget any utterance in progress (a clear or a manual commit); positions go on."""
        self._start = None
        self._silence = 0
