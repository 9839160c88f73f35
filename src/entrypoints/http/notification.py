"""WS /notification: a session's channel for finished jobs."""

from __future__ import annotations

import asyncio
import enum
import json
import logging
from typing import Any, Final, Literal

import anyio.to_thread
from litestar import WebSocket, websocket
from litestar.exceptions import SerializationException, WebSocketDisconnect
from litestar.params import FromQuery

from adapters.websocket import SocketConnection, WebSocketNotifier
from application.errors import SessionNotFound
from application.use_cases import CloseSession, KeepSessionAlive, OpenSession, OpenSessionCommand, SessionCommand
from domain.errors import InvalidValue
from domain.values import SessionId
from entrypoints.http.api_keys import ApiKeyRing
from entrypoints.http.dependencies import Injected
from entrypoints.http.socket_quota import TOO_MANY_SOCKETS, SocketQuota

log = logging.getLogger(__name__)
SESSION_NOT_FOUND = 4404
UNAUTHORIZED = 4401
TRY_AGAIN_LATER = 1013
# A socket that has not shown a key is held this long at most, and only so many at once:
# reaching the service costs nothing, holding it must not either.
AUTH_TIMEOUT_SECONDS = 3.0
MAX_UNAUTHENTICATED = 256
# A client's messages are a few dozen bytes of flat JSON; nothing bigger or deeper is read.
MAX_MESSAGE_CHARS = 4096
_INVALID = object()


class _Unauthenticated:
    """How many sockets of this process are waiting for their first message's key."""

    waiting = 0


async def _receive_message(socket: WebSocket) -> Any:
    """The next message as JSON, or _INVALID for one too long, deep or not JSON at all."""
    text = await socket.receive_text()
    if len(text) > MAX_MESSAGE_CHARS:
        return _INVALID
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return _INVALID


@websocket(
    "/notification",
    description=(
        'Sends {"session_id": token} on connect, then one message per finished job of that '
        "session: job.completed with the transcript, or job.failed with the error. Reconnect "
        "with ?session_id=token to resume and first receive what finished while away."
    ),
)
async def notification_socket(
    socket: WebSocket,
    open_session: Injected[OpenSession],
    close_session: Injected[CloseSession],
    keep_session_alive: Injected[KeepSessionAlive],
    notifier: Injected[WebSocketNotifier],
    session_keepalive_seconds: Injected[float],
    api_keys: Injected[ApiKeyRing],
    socket_quota: Injected[SocketQuota],
    session_id: FromQuery[str | None] = None,
    token: FromQuery[str | None] = None,
) -> None:
    await socket.accept()
    owner = await _authenticate(socket, api_keys, token)
    if owner is _REFUSED:
        return
    if not socket_quota.acquire(owner):
        detail = f"at most {socket_quota.maximum} open sockets per API key; close one first"
        await _close_with(socket, TOO_MANY_SOCKETS, "too_many_sockets", detail)
        return
    try:
        await _hold(
            socket,
            open_session,
            close_session,
            keep_session_alive,
            notifier,
            session_keepalive_seconds,
            session_id,
            owner,
        )
    finally:
        socket_quota.release(owner)


async def _hold(
    socket: WebSocket,
    open_session: OpenSession,
    close_session: CloseSession,
    keep_session_alive: KeepSessionAlive,
    notifier: WebSocketNotifier,
    session_keepalive_seconds: float,
    session_id: str | None,
    owner: str | None,
) -> None:
    connection = await _open(socket, open_session, notifier, session_id, owner)
    if connection is None:
        return
    try:
        await _converse(socket, connection, close_session, keep_session_alive, notifier, session_keepalive_seconds)
    finally:
        await notifier.detach(connection)
        await _refresh(keep_session_alive, connection.session_id)


async def _refresh(keep_alive: KeepSessionAlive, session_id: SessionId) -> None:
    """Extend the session's life. A store that is briefly down must not end the socket:
    the next keepalive tries again, and results stay pending meanwhile."""
    try:
        await anyio.to_thread.run_sync(keep_alive.execute, SessionCommand(session_id))
    except Exception:
        log.warning("could not refresh a session; will try again", exc_info=True)


class _Refused(enum.Enum):
    """What _authenticate returns once it has closed the socket (an enum, so `is` narrows it)."""

    REFUSED = enum.auto()


_REFUSED: Final = _Refused.REFUSED


async def _authenticate(
    socket: WebSocket, keys: ApiKeyRing, token: str | None
) -> str | Literal[_Refused.REFUSED] | None:
    """With API keys configured: the key comes as ?token= or as a first message
    {"type": "auth", "api_key": ...}. Returns the owner, None without keys, or _REFUSED."""
    if not keys.enabled:
        return None
    if token is None:
        if _Unauthenticated.waiting >= MAX_UNAUTHENTICATED:
            await _close_with(socket, TRY_AGAIN_LATER, "too_many_sockets", "too many sockets waiting to authenticate")
            return _REFUSED
        _Unauthenticated.waiting += 1
        try:
            first = await asyncio.wait_for(_receive_message(socket), timeout=AUTH_TIMEOUT_SECONDS)
        except (TimeoutError, ValueError, SerializationException, WebSocketDisconnect):
            first = None
        finally:
            _Unauthenticated.waiting -= 1
        if isinstance(first, dict) and first.get("type") == "auth":
            token = first.get("api_key") if isinstance(first.get("api_key"), str) else None
    owner = keys.identify(token)
    if owner is None:
        await _close_with(socket, UNAUTHORIZED, "unauthorized", "a valid API key is required")
        return _REFUSED
    return owner


async def _open(
    socket: WebSocket,
    open_session: OpenSession,
    notifier: WebSocketNotifier,
    token: str | None,
    owner: str | None,
) -> SocketConnection | None:
    if token is None:
        opened = await anyio.to_thread.run_sync(open_session.execute, OpenSessionCommand(None, owner))
        connection = notifier.attach(opened.session_id, socket)
    else:
        try:
            # Listen before reading what is pending, so nothing finishes unheard in between.
            connection = notifier.attach(SessionId(token), socket)
        except InvalidValue:
            await _refuse(socket)
            return None
        try:
            opened = await anyio.to_thread.run_sync(open_session.execute, OpenSessionCommand(token, owner))
        except SessionNotFound:
            await notifier.detach(connection)
            await _refuse(socket)
            return None
    notifier.start(connection, {"session_id": opened.session_id.value}, opened.pending)
    return connection


async def _refuse(socket: WebSocket) -> None:
    await _close_with(socket, SESSION_NOT_FOUND, "session_not_found", "unknown or expired session")


async def _close_with(socket: WebSocket, code: int, error: str, detail: str) -> None:
    try:
        await socket.send_json({"type": "error", "error": error, "detail": detail})
        await socket.close(code=code, reason=detail)
    except Exception:  # the client may already be gone
        pass


async def _converse(
    socket: WebSocket,
    connection: SocketConnection,
    close_session: CloseSession,
    keep_alive: KeepSessionAlive,
    notifier: WebSocketNotifier,
    keepalive: float,
) -> None:
    """Answer pings and explicit closes; keep the session alive while the socket is."""
    while True:
        try:
            message: Any = await asyncio.wait_for(_receive_message(socket), timeout=keepalive)
        except TimeoutError:
            await _refresh(keep_alive, connection.session_id)
            continue
        except WebSocketDisconnect:
            return
        if message is _INVALID:
            detail = f"send flat JSON of at most {MAX_MESSAGE_CHARS} characters"
            notifier.send_now(connection, {"type": "error", "error": "invalid_message", "detail": detail})
            continue
        kind = message.get("type") if isinstance(message, dict) else None
        if kind == "ping":
            notifier.send_now(connection, {"type": "pong"})
        elif kind == "close_session":
            await anyio.to_thread.run_sync(close_session.execute, SessionCommand(connection.session_id))
            await socket.close(code=1000, reason="session closed")
            return
        else:
            notifier.send_now(
                connection,
                {"type": "error", "error": "invalid_message", "detail": "expected type ping or close_session"},
            )
