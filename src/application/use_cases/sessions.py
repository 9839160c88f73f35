"""OpenSession and CloseSession: a client's notification channel."""

from __future__ import annotations

from dataclasses import dataclass

from application.errors import SessionNotFound
from application.notifications import JobNotification
from application.ports import SessionStore
from domain.errors import InvalidValue
from domain.values import SessionId


@dataclass(frozen=True, slots=True)
class OpenedSession:
    session_id: SessionId
    pending: list[JobNotification]
    resumed: bool


class OpenSession:
    """Rules: a new session gets a fresh server-issued token, owned by the caller's key;
    resuming needs a token that is still open and owned by the same key, and returns every
    result not yet delivered, oldest first."""

    def __init__(self, sessions: SessionStore) -> None:
        self._sessions = sessions

    def execute(self, resume_token: str | None = None, owner: str | None = None) -> OpenedSession:
        if resume_token is None:
            session_id = SessionId.new()
            self._sessions.open(session_id, owner)
            return OpenedSession(session_id, [], resumed=False)
        try:
            session_id = SessionId(resume_token)
        except InvalidValue:
            raise SessionNotFound() from None
        if not self._sessions.is_open(session_id) or self._sessions.owner_of(session_id) != owner:
            raise SessionNotFound()
        self._sessions.touch(session_id)
        return OpenedSession(session_id, self._sessions.pending(session_id), resumed=True)


class CloseSession:
    """Rules: closing forgets the session and its undelivered results; jobs keep running
    and stay readable through GetJob."""

    def __init__(self, sessions: SessionStore) -> None:
        self._sessions = sessions

    def execute(self, session_id: SessionId) -> None:
        self._sessions.close(session_id)
