"""Who spoke when, for the speaker labels of a transcript."""

from typing import BinaryIO, Protocol

from domain.speakers import SpeakerTurn


class StopSignal(Protocol):
    """Set when nobody wants a diarization's answer any more (a threading.Event is one)."""

    def is_set(self) -> bool: ...


class NeverStop(StopSignal):
    """The StopSignal of a diarization that runs to its end."""

    def is_set(self) -> bool:
        return False


NEVER_STOP = NeverStop()


class Diarizer(Protocol):
    def check(self) -> None:
        """Raise SpeakersUnavailable (saying how to fix it) if this diarizer cannot run at
        all; called before a job that asks for speakers is accepted."""
        ...

    def diarize(self, audio: BinaryIO, stop: StopSignal = NEVER_STOP) -> tuple[SpeakerTurn, ...]:
        """The speaker turns of the whole stream, in any order, labelled by the diarizer's
        own names. Raise TranscriptionFailed with a reason a client may read. Once `stop`
        is set, raise DiarizationStopped as soon as the work in hand allows (between
        stages), to free what the diarization holds."""
        ...

    def warm_up(self) -> None:
        """Load what `diarize` needs now, so the first job is not slower."""
        ...
