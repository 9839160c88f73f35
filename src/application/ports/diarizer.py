"""Who spoke when, for the speaker labels of a transcript."""

from typing import BinaryIO, Protocol

from domain.speakers import SpeakerTurn


class Diarizer(Protocol):
    def check(self) -> None:
        """Raise SpeakersUnavailable (saying how to fix it) if this diarizer cannot run at
        all; called before a job that asks for speakers is accepted."""
        ...

    def diarize(self, audio: BinaryIO) -> tuple[SpeakerTurn, ...]:
        """The speaker turns of the whole stream, in any order, labelled by the diarizer's
        own names. Raise TranscriptionFailed with a reason a client may read."""
        ...

    def warm_up(self) -> None:
        """Load what `diarize` needs now, so the first job is not slower."""
        ...
