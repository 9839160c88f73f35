"""ReportProgress: tell the session that owns a running job how far it is."""

from __future__ import annotations

from dataclasses import dataclass

from application.notifications import JobProgress
from application.ports import ProgressNotifier, SessionStore
from domain.job import TranscriptionJob


@dataclass(frozen=True, slots=True)
class ReportProgressCommand:
    job: TranscriptionJob
    fraction: float


class ReportProgress:
    """Rules: the report goes only to clients connected at that moment; nothing is kept
    pending, since the next report or the job's result supersedes it; a job with no session
    tells no one. How often to report is the caller's choice (RunTranscription throttles).
    Returns whether there was a session to tell."""

    def __init__(self, sessions: SessionStore, notifier: ProgressNotifier) -> None:
        self._sessions = sessions
        self._notifier = notifier

    def execute(self, command: ReportProgressCommand) -> bool:
        job, fraction = command.job, command.fraction
        session_id = job.session_id
        if session_id is None:
            return False
        progress = JobProgress(job.id.value, round(min(max(fraction, 0.0), 1.0), 4))
        self._notifier.push_progress(session_id, progress)
        return True
