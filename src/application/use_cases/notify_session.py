"""NotifySession: tell the session that owns a finished job about it."""

from application.notifications import JobNotification
from application.ports import Notifier, PendingResults


class NotifySession:
    """Rules: the result is kept as pending before it is pushed, so a client that is not
    connected (or drops mid-push) gets it when it reconnects; a job with no session, or
    whose session has expired, notifies no one. Returns whether a session was there to tell."""

    def __init__(self, pending: PendingResults, notifier: Notifier) -> None:
        self._pending = pending
        self._notifier = notifier

    def execute(self, notification: JobNotification) -> bool:
        session_id = notification.job.session_id
        # Keeping it is also the check that the session is open: one store round trip, not two.
        if session_id is None or not self._pending.add_pending(session_id, notification):
            return False
        self._notifier.push(session_id, notification)
        return True
