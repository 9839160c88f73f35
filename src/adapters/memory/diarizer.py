"""ScriptedDiarizer: the Diarizer port answering with turns a test gives it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import BinaryIO

from application.ports import Diarizer
from domain.speakers import SpeakerTurn


class ScriptedDiarizer(Diarizer):
    """Hears `turns` in any audio; records the audio it was given (`heard`) and warm-ups."""

    def __init__(self, turns: Sequence[SpeakerTurn] = ()) -> None:
        self.turns = tuple(turns)
        self.heard: list[bytes] = []
        self.warmed = 0
        self.on_call: Callable[[], object] | None = None  # runs mid-diarization, as a test wishes

    def check(self) -> None:
        pass

    def diarize(self, audio: BinaryIO) -> tuple[SpeakerTurn, ...]:
        self.heard.append(audio.read())
        if self.on_call is not None:
            self.on_call()
        return self.turns

    def warm_up(self) -> None:
        self.warmed += 1
