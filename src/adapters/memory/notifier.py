"""RecordingNotifier: remembers every push; optionally acts as a connected client."""

from __future__ import annotations

import threading

from application.notifications import JobNotification, JobProgress
from application.ports import PendingResults
from domain.values import SessionId


class RecordingNotifier:
    """`pushed` lists (session, notification) in order. With a store, sessions listed in
    `connected` acknowledge what they receive, as a live socket would."""

    def __init__(self, sessions: PendingResults | None = None) -> None:
        self.pushed: list[tuple[SessionId, JobNotification]] = []
        self.connected: set[SessionId] = set()
        self.progress: list[tuple[SessionId, JobProgress]] = []
        self._sessions = sessions
        self._lock = threading.Lock()

    def push(self, session_id: SessionId, notification: JobNotification) -> None:
        with self._lock:
            self.pushed.append((session_id, notification))
        if self._sessions is not None and session_id in self.connected:
            self._sessions.remove_pending(session_id, notification.job.id)

    def push_progress(self, session_id: SessionId, progress: JobProgress) -> None:
        with self._lock:
            self.progress.append((session_id, progress))
