"""What a live stream decodes next, and what each decode's result says to the client."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from application.live.events import LiveEvent, TranscriptCompleted, TranscriptDelta, TranscriptFailed
from application.live.settings import BYTES_PER_SAMPLE, DecodeJob
from application.live.stabilizer import LocalAgreement
from domain.transcript import Transcript


class LiveDecodes:
    """Rules: one decode in flight at a time; finals go before drafts; a draft's words become
    deltas once two consecutive drafts agree (LocalAgreement), and a delta is never taken
    back; a final's result completes its utterance, a failed draft says nothing."""

    def __init__(self) -> None:
        self._finals: deque[DecodeJob] = deque()
        self._in_flight: DecodeJob | None = None
        self._agreements: dict[str, LocalAgreement] = {}
        self.completed: list[TranscriptCompleted] = []

    @property
    def busy(self) -> bool:
        return self._in_flight is not None or bool(self._finals)

    @property
    def queued_samples(self) -> int:
        """The audio of the finals not yet decoded."""
        return sum(len(f.pcm) for f in self._finals) // BYTES_PER_SAMPLE

    @property
    def finals(self) -> tuple[DecodeJob, ...]:
        return tuple(self._finals)

    def open(self, item_id: str) -> None:
        self._agreements[item_id] = LocalAgreement()

    def drop(self, item_id: str) -> None:
        self._agreements.pop(item_id, None)

    def queue_final(self, job: DecodeJob) -> None:
        self._finals.append(job)

    def next(self, draft: Callable[[], DecodeJob | None]) -> DecodeJob | None:
        """The next decode to run, once none is in flight: a final, else `draft()` if one is due."""
        if self._in_flight is not None:
            return None
        self._in_flight = self._finals.popleft() if self._finals else draft()
        return self._in_flight

    def decoded(self, job: DecodeJob, transcript: Transcript) -> list[LiveEvent]:
        self._in_flight = None
        agreement = self._agreements.get(job.item_id)
        if not job.final:
            fresh = agreement.update(transcript.text) if agreement else []
            return [_delta(job.item_id, fresh, agreement)] if fresh else []
        events: list[LiveEvent] = []
        if agreement is not None and (rest := agreement.finish(transcript.text)):
            events.append(_delta(job.item_id, rest, agreement))
        self._agreements.pop(job.item_id, None)
        completed = TranscriptCompleted(job.item_id, transcript, job.offset_seconds)
        self.completed.append(completed)
        return [*events, completed]

    def failed(self, job: DecodeJob, reason: str) -> list[LiveEvent]:
        self._in_flight = None
        if not job.final:
            return []
        self._agreements.pop(job.item_id, None)
        return [TranscriptFailed(job.item_id, reason)]


def _delta(item_id: str, words: list[str], agreement: LocalAgreement | None) -> TranscriptDelta:
    first = agreement is None or len(agreement.confirmed) == len(words)
    return TranscriptDelta(item_id, ("" if first else " ") + " ".join(words))
