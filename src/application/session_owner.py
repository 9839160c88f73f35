"""The one check that a named session is open and the caller's."""

from __future__ import annotations

from application.errors import SessionNotFound
from application.ports import SessionStore
from domain.errors import InvalidValue
from domain.values import SessionId


def owned_session(sessions: SessionStore, raw_id: str, owner: str | None) -> SessionId:
    """The session, if it is open and belongs to `owner`; a malformed, unknown, expired or
    another key's token is the same SessionNotFound, so tokens cannot be probed."""
    try:
        session_id = SessionId(raw_id)
    except InvalidValue:
        raise SessionNotFound() from None
    if not sessions.is_open(session_id) or sessions.owner_of(session_id) != owner:
        raise SessionNotFound()
    return session_id
