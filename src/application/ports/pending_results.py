"""The outbox of each session: results kept until its client has them."""

from collections.abc import Sequence
from typing import Protocol

from application.notifications import JobNotification
from domain.values import JobId, SessionId


class PendingResults(Protocol):
    """Results are kept, in the order added (a newer one for the same job replacing the older),
    until `remove_pending` says the client has them, or their session closes or expires: the
    outbox lives exactly as long as its session, so an adapter keeps both in one store."""

    def add_pending(self, session_id: SessionId, notification: JobNotification) -> bool:
        """Keep the result for the session; nothing is kept for a session that is not open.
        Returns whether it was kept (whether the session is open), in the same step."""
        ...

    def pending(self, session_id: SessionId) -> list[JobNotification]: ...

    def remove_pending(self, session_id: SessionId, job_id: JobId) -> None: ...

    def remove_delivered(self, delivered: Sequence[tuple[SessionId, JobId]]) -> None:
        """`remove_pending` for each pair, in one go (one round trip where the store is remote)."""
        ...
