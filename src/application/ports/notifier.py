"""Pushes a notification towards the client(s) of a session."""

from typing import Protocol

from application.notifications import JobNotification, JobProgress
from domain.values import SessionId


class Notifier(Protocol):
    def push(self, session_id: SessionId, notification: JobNotification) -> None:
        """Deliver if a client is attached; never block on a slow client, never raise for an absent one.

        Whoever writes the message to the client's socket calls
        `PendingResults.remove_pending` afterwards, so an undelivered result stays pending.
        """
        ...


class ProgressNotifier(Protocol):
    def push_progress(self, session_id: SessionId, progress: JobProgress) -> None:
        """Best effort, fire and forget: a session with no client attached just misses it;
        never raise, never keep it for later."""
        ...
