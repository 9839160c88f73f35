"""Client sessions: who holds one, and for how long."""

from collections.abc import Sequence
from typing import Protocol

from domain.values import SessionId


class SessionStore(Protocol):
    """A session lives for a configured time after it was last touched."""

    def open(self, session_id: SessionId, owner: str | None = None) -> None:
        """Start a session; `owner` is the API key it belongs to, if keys are in use."""
        ...

    def owner_of(self, session_id: SessionId) -> str | None:
        """The owner given to `open`; None for an unowned or closed session."""
        ...

    def is_open(self, session_id: SessionId) -> bool: ...

    def touch(self, session_id: SessionId) -> None:
        """Extend the session's life, and its pending results' with it; called while and when
        a client is connected."""
        ...

    def touch_all(self, session_ids: Sequence[SessionId]) -> None:
        """`touch` for each, in one go (one round trip where the store is remote): how a
        process keeps alive every session it holds a socket for."""
        ...

    def close(self, session_id: SessionId) -> None:
        """Forget the session and everything pending for it."""
        ...
