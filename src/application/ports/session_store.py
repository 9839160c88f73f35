"""Client sessions and the results waiting for delivery to them."""

from collections.abc import Sequence
from typing import Protocol

from application.notifications import JobNotification
from domain.values import JobId, SessionId


class SessionStore(Protocol):
    """A session lives for a configured time after it was last touched.

    Pending notifications are kept, in the order added, until `remove_pending` says the
    client has them or the session expires.
    """

    def open(self, session_id: SessionId, owner: str | None = None) -> None:
        """Start a session; `owner` is the API key it belongs to, if keys are in use."""
        ...

    def owner_of(self, session_id: SessionId) -> str | None:
        """The owner given to `open`; None for an unowned or closed session."""
        ...

    def is_open(self, session_id: SessionId) -> bool: ...

    def touch(self, session_id: SessionId) -> None:
        """Extend the session's life; called while and when a client is connected."""
        ...

    def close(self, session_id: SessionId) -> None:
        """Forget the session and everything pending for it."""
        ...

    def add_pending(self, session_id: SessionId, notification: JobNotification) -> None: ...

    def pending(self, session_id: SessionId) -> list[JobNotification]: ...

    def remove_pending(self, session_id: SessionId, job_id: JobId) -> None: ...

    def remove_delivered(self, delivered: Sequence[tuple[SessionId, JobId]]) -> None:
        """`remove_pending` for each pair, in one go (one round trip where the store is remote)."""
        ...
