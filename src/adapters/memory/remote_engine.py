"""ScriptedRemoteEngine: a remote engine whose answers a test sets, recording what was asked."""

from __future__ import annotations

import threading

from application.errors import DependencyUnavailable, TranscriptUnreadable
from application.ports import RemoteJobState, RemoteJobStatus
from domain.job import TranscriptionJob
from domain.transcript import Transcript


class ScriptedRemoteEngine:
    """`states` and `transcripts` by job id (absent: unknown / not written); a value of
    `UNREADABLE` in `transcripts` is written but not a transcript. `asked` lists
    ("state" | "transcript", job id) in order; with `unavailable` every call raises."""

    UNREADABLE = "unreadable"

    def __init__(self) -> None:
        self.states: dict[str, RemoteJobState] = {}
        self.transcripts: dict[str, Transcript | str] = {}
        self.asked: list[tuple[str, str]] = []
        self.unavailable = False
        self._lock = threading.Lock()

    def finish(self, job_id: str, transcript: Transcript) -> None:
        self.states[job_id] = RemoteJobState(RemoteJobStatus.COMPLETED)
        self.transcripts[job_id] = transcript

    def state(self, job: TranscriptionJob) -> RemoteJobState | None:
        self._ask("state", job)
        return self.states.get(job.id.value)

    def transcript(self, job: TranscriptionJob) -> Transcript | None:
        self._ask("transcript", job)
        found = self.transcripts.get(job.id.value)
        if found == self.UNREADABLE:
            raise TranscriptUnreadable("the transcript is not valid JSON")
        return found  # type: ignore[return-value]

    def _ask(self, what: str, job: TranscriptionJob) -> None:
        with self._lock:
            self.asked.append((what, job.id.value))
        if self.unavailable:
            raise DependencyUnavailable("remote engine unavailable")
