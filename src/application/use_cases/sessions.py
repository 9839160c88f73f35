"""OpenSession, KeepSessionAlive and CloseSession: a client's notification channel."""

from __future__ import annotations

from dataclasses import dataclass

from application.notifications import JobNotification
from application.ports import PendingResults, SessionStore
from application.session_owner import owned_session
from domain.values import SessionId


@dataclass(frozen=True, slots=True)
class OpenSessionCommand:
    resume_token: str | None = None  # None: a new session
    owner: str | None = None


@dataclass(frozen=True, slots=True)
class SessionCommand:
    """A session the caller already holds (its connection proved it)."""

    session_id: SessionId


@dataclass(frozen=True, slots=True)
class OpenedSession:
    session_id: SessionId
    pending: list[JobNotification]
    resumed: bool


class OpenSession:
    """Rules: a new session gets a fresh server-issued token, owned by the caller's key;
    resuming needs a token that is still open and owned by the same key, and returns every
    result not yet delivered, oldest first."""

    def __init__(self, sessions: SessionStore, pending: PendingResults) -> None:
        self._sessions = sessions
        self._pending = pending

    def execute(self, command: OpenSessionCommand = OpenSessionCommand()) -> OpenedSession:
        if command.resume_token is None:
            session_id = SessionId.new()
            self._sessions.open(session_id, command.owner)
            return OpenedSession(session_id, [], resumed=False)
        session_id = owned_session(self._sessions, command.resume_token, command.owner)
        self._sessions.touch(session_id)
        return OpenedSession(session_id, self._pending.pending(session_id), resumed=True)


class KeepSessionAlive:
    """Rules: a connected client's session lives on for another session lifetime; asked while
    and whenever the client is connected."""

    def __init__(self, sessions: SessionStore) -> None:
        self._sessions = sessions

    def execute(self, command: SessionCommand) -> None:
        self._sessions.touch(command.session_id)


class CloseSession:
    """Rules: closing forgets the session and its undelivered results; jobs keep running
    and stay readable through GetJob."""

    def __init__(self, sessions: SessionStore) -> None:
        self._sessions = sessions

    def execute(self, command: SessionCommand) -> None:
        self._sessions.close(command.session_id)
