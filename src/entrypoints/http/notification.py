"""WS /notification: a session's channel for finished jobs (who may open one: socket_auth)."""

from __future__ import annotations

import logging
from typing import Any

import anyio.to_thread
from litestar import WebSocket, websocket
from litestar.exceptions import WebSocketDisconnect
from litestar.params import FromQuery

from adapters.websocket import SocketConnection, WebSocketNotifier
from application.errors import SessionNotFound
from application.use_cases import CloseSession, KeepSessionAlive, OpenSession, OpenSessionCommand, SessionCommand
from domain.errors import InvalidValue
from domain.values import SessionId
from entrypoints.http.api_keys import ApiKeyRing
from entrypoints.http.dependencies import Injected
from entrypoints.http.socket_auth import INVALID, MAX_MESSAGE_CHARS, REFUSED, authenticate, close_with, receive_message
from entrypoints.http.socket_quota import TOO_MANY_SOCKETS, SocketQuota

log = logging.getLogger(__name__)
SESSION_NOT_FOUND = 4404


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
    api_keys: Injected[ApiKeyRing],
    socket_quota: Injected[SocketQuota],
    session_id: FromQuery[str | None] = None,
    token: FromQuery[str | None] = None,
) -> None:
    await socket.accept()
    owner = await authenticate(socket, api_keys, token)
    if owner is REFUSED:
        return
    if not socket_quota.acquire(owner):
        detail = f"at most {socket_quota.maximum} open sockets per API key; close one first"
        await close_with(socket, TOO_MANY_SOCKETS, "too_many_sockets", detail)
        return
    try:
        await _hold(
            socket,
            open_session,
            close_session,
            keep_session_alive,
            notifier,
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
    session_id: str | None,
    owner: str | None,
) -> None:
    connection = await _open(socket, open_session, notifier, session_id, owner)
    if connection is None:
        return
    try:
        await _converse(socket, connection, close_session, notifier)
    finally:
        await notifier.detach(connection)
        await _refresh(keep_session_alive, connection.session_id)


async def _refresh(keep_alive: KeepSessionAlive, session_id: SessionId) -> None:
    """Extend the session's life once its socket is gone (while it is held, the notifier keeps
    it alive). A store that is briefly down must not fail the close: results stay pending."""
    try:
        await anyio.to_thread.run_sync(keep_alive.execute, SessionCommand(session_id))
    except Exception:
        log.warning("could not refresh a session whose socket closed", exc_info=True)


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
        except BaseException:  # a store that is down, a cancel: the socket must not stay held
            await notifier.detach(connection)
            raise
    notifier.start(connection, {"session_id": opened.session_id.value}, opened.pending)
    return connection


async def _refuse(socket: WebSocket) -> None:
    await close_with(socket, SESSION_NOT_FOUND, "session_not_found", "unknown or expired session")


async def _converse(
    socket: WebSocket,
    connection: SocketConnection,
    close_session: CloseSession,
    notifier: WebSocketNotifier,
) -> None:
    """Answer pings and explicit closes (the notifier keeps the session alive meanwhile)."""
    while True:
        try:
            message: Any = await receive_message(socket)
        except WebSocketDisconnect:
            return
        if message is INVALID:
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
