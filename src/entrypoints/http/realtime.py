"""WS /v1/realtime?intent=transcription: live transcription in OpenAI's Realtime protocol."""

from __future__ import annotations

from dataclasses import dataclass

from litestar import WebSocket, websocket
from litestar.params import FromQuery

from adapters.openai_compat.realtime_events import error_event
from application.live import LiveStreamSlots
from entrypoints.http.api_keys import ApiKeyRing
from entrypoints.http.dependencies import Injected
from entrypoints.http.live_stream import LiveStream, LiveStreamTools
from entrypoints.http.socket_quota import TOO_MANY_SOCKETS

UNAUTHORIZED = 4401
BAD_REQUEST = 4400
UNAVAILABLE = 4503
KEY_PROTOCOL = "openai-insecure-api-key."


@dataclass(frozen=True)
class LiveService:
    """Whether this process runs live streams (it holds the model), and with what."""

    tools: LiveStreamTools | None
    slots: LiveStreamSlots
    unavailable: str = ""


@websocket(
    "/v1/realtime",
    description=(
        "Live transcription in OpenAI's Realtime protocol (intent=transcription): send "
        "session.update and input_audio_buffer.append events, receive speech_started/stopped, "
        "committed, conversation.item.input_audio_transcription.delta and .completed."
    ),
)
async def realtime_socket(
    socket: WebSocket,
    live_service: Injected[LiveService],
    api_keys: Injected[ApiKeyRing],
    intent: FromQuery[str | None] = None,
    model: FromQuery[str | None] = None,
    token: FromQuery[str | None] = None,
) -> None:
    offered = _offered_protocols(socket)
    await socket.accept(subprotocols=_chosen_protocol(offered))
    owner = api_keys.identify(_presented_key(socket, token, offered)) if api_keys.enabled else None
    if api_keys.enabled and owner is None:
        detail = (
            "a valid API key is required: Authorization: Bearer, ?token= or the openai-insecure-api-key subprotocol"
        )
        return await _refuse(socket, UNAUTHORIZED, "invalid_api_key", detail, "authentication_error")
    if intent not in (None, "transcription"):
        return await _refuse(socket, BAD_REQUEST, "unsupported_intent", "only intent=transcription is served here")
    tools = live_service.tools
    if tools is None:
        return await _refuse(socket, UNAVAILABLE, "live_unavailable", live_service.unavailable, "server_error")
    refusal = live_service.slots.acquire(owner)
    if refusal is not None:
        return await _refuse(socket, TOO_MANY_SOCKETS, "too_many_live_streams", refusal, "rate_limit_error")
    try:
        await LiveStream(socket, tools, owner, model).run()
    finally:
        live_service.slots.release(owner)


def _offered_protocols(socket: WebSocket) -> list[str]:
    raw = socket.headers.get("sec-websocket-protocol", "")
    return [p.strip() for p in raw.split(",") if p.strip()]


def _chosen_protocol(offered: list[str]) -> str | None:
    """A browser fails the handshake unless one offered subprotocol is echoed: "realtime" as
    OpenAI answers, else the first one that carries no key, else the key's own."""
    if not offered:
        return None
    if "realtime" in offered:
        return "realtime"
    return next((p for p in offered if not p.startswith(KEY_PROTOCOL)), offered[0])


def _presented_key(socket: WebSocket, token: str | None, offered: list[str]) -> str | None:
    scheme, _, credentials = socket.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return credentials.strip()
    if socket.headers.get("x-api-key"):
        return socket.headers["x-api-key"]
    if token:
        return token
    return next((p[len(KEY_PROTOCOL) :] for p in offered if p.startswith(KEY_PROTOCOL)), None)


async def _refuse(socket: WebSocket, code: int, error: str, detail: str, kind: str = "invalid_request_error") -> None:
    try:
        await socket.send_json(error_event(error, detail, kind=kind))
        await socket.close(code=code, reason=error)
    except Exception:  # the client may already be gone
        pass
