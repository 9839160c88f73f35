"""MessageBus: hands what happened to a job to the handlers that act on it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from domain.events import JobEvent
from domain.job import TranscriptionJob
from domain.transcript import Transcript


@dataclass(frozen=True, slots=True)
class JobChange:
    """An event with the job as it was saved with it, so that no handler reads a store."""

    event: JobEvent
    job: TranscriptionJob
    transcript: Transcript | None = None  # a completed job's, as it was saved


Handler = Callable[[JobChange], None]


class MessageBus:
    """Rules: a use case hands over `job.pull_events()` only after the job was saved with them,
    so a handler never acts on a change a store refused; each event goes to the handlers
    registered for its type, in the order registered; an event with no handler is dropped;
    a handler's error stops the rest and reaches the use case's caller (handlers that must
    not stop the others catch their own)."""

    def __init__(self, handlers: Mapping[type, Sequence[Handler]] | None = None) -> None:
        self._handlers = {kind: tuple(listed) for kind, listed in (handlers or {}).items()}

    def handle(self, job: TranscriptionJob, events: Iterable[JobEvent], transcript: Transcript | None = None) -> None:
        saved = job.copy()  # handlers see the job as saved, whatever its caller does next
        for event in events:
            for handler in self._handlers.get(type(event), ()):
                handler(JobChange(event, saved, transcript))


NO_HANDLERS = MessageBus()
"""A bus that acts on nothing: for use cases built without one (tests, the command line)."""
