"""Who is on a WS /notification socket: its API key, as ?token= or as its first message,
and the bounds on sockets that have not shown one yet; the socket's messages, read bounded."""

from __future__ import annotations

import asyncio
import enum
import json
from typing import Any, Final, Literal

from litestar import WebSocket
from litestar.exceptions import SerializationException, WebSocketDisconnect

from entrypoints.http.api_keys import ApiKeyRing

UNAUTHORIZED = 4401
TRY_AGAIN_LATER = 1013
# A socket that has not shown a key is held this long at most, and only so many at once:
# reaching the service costs nothing, holding it must not either.
AUTH_TIMEOUT_SECONDS = 3.0
MAX_UNAUTHENTICATED = 256
# A client's messages are a few dozen bytes of flat JSON; nothing bigger or deeper is read.
MAX_MESSAGE_CHARS = 4096
INVALID = object()


class _Unauthenticated:
    """How many sockets of this process are waiting for their first message's key."""

    waiting = 0


async def receive_message(socket: WebSocket) -> Any:
    """The next message as JSON, or INVALID for one too long, deep or not JSON at all."""
    text = await socket.receive_text()
    if len(text) > MAX_MESSAGE_CHARS:
        return INVALID
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return INVALID


class _Refused(enum.Enum):
    """What authenticate returns once it has closed the socket (an enum, so `is` narrows it)."""

    REFUSED = enum.auto()


REFUSED: Final = _Refused.REFUSED


async def authenticate(
    socket: WebSocket, keys: ApiKeyRing, token: str | None
) -> str | Literal[_Refused.REFUSED] | None:
    """With API keys configured: the key comes as ?token= or as a first message
    {"type": "auth", "api_key": ...}. Returns the owner, None without keys, or REFUSED."""
    if not keys.enabled:
        return None
    if token is None:
        if _Unauthenticated.waiting >= MAX_UNAUTHENTICATED:
            await close_with(socket, TRY_AGAIN_LATER, "too_many_sockets", "too many sockets waiting to authenticate")
            return REFUSED
        _Unauthenticated.waiting += 1
        try:
            first = await asyncio.wait_for(receive_message(socket), timeout=AUTH_TIMEOUT_SECONDS)
        except (TimeoutError, ValueError, SerializationException, WebSocketDisconnect):
            first = None
        finally:
            _Unauthenticated.waiting -= 1
        if isinstance(first, dict) and first.get("type") == "auth":
            token = first.get("api_key") if isinstance(first.get("api_key"), str) else None
    owner = keys.identify(token)
    if owner is None:
        await close_with(socket, UNAUTHORIZED, "unauthorized", "a valid API key is required")
        return REFUSED
    return owner


async def close_with(socket: WebSocket, code: int, error: str, detail: str) -> None:
    try:
        await socket.send_json({"type": "error", "error": error, "detail": detail})
        await socket.close(code=code, reason=detail)
    except Exception:  # the client may already be gone
        pass
