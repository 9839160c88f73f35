"""A live stream's client events, read and checked. What is wrong with one is answered with an
`error` server event; the stream goes on."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from adapters.openai_compat.realtime_events import error_event

KNOWN_TYPES = "session.update, transcription_session.update, input_audio_buffer.append, .commit, .clear"


class EventRefused(Exception):
    """A client event the stream cannot take; `answer` is the error event to send back."""

    def __init__(self, answer: dict[str, Any]) -> None:
        super().__init__(answer["error"]["code"])
        self.answer = answer


@dataclass(frozen=True)
class ClientEvent:
    kind: str
    body: dict[str, Any]
    client_id: str | None  # the client's own event_id, echoed in an error about it


def frame_text(message: Mapping[str, object]) -> str:
    """A text frame as sent; a binary one read as UTF-8, as a JSON client event must be."""
    text, data = message.get("text"), message.get("bytes")
    if isinstance(text, str):
        return text
    return (data if isinstance(data, bytes) else b"").decode("utf-8", "replace")


def read_event(raw: str) -> ClientEvent:
    """A JSON object with a string `type`, else EventRefused."""
    try:
        event = json.loads(raw)
    except ValueError:
        raise EventRefused(error_event("invalid_json", "a client event must be a JSON object")) from None
    if not isinstance(event, dict) or not isinstance(event.get("type"), str):
        detail = "a client event must be a JSON object with a string type"
        raise EventRefused(error_event("invalid_event", detail, "type"))
    client_id = event.get("event_id")
    return ClientEvent(event["type"], event, client_id if isinstance(client_id, str) else None)


def appended_audio(event: ClientEvent, max_bytes: int) -> bytes:
    """The PCM of an `input_audio_buffer.append`: base64 of at most `max_bytes`, else EventRefused."""
    audio = event.body.get("audio")
    if not isinstance(audio, str):
        raise EventRefused(error_event("invalid_audio", "audio must be a base64 string", "audio", event.client_id))
    if len(audio) > max_bytes:
        detail = f"one append carries at most {max_bytes} bytes of base64 audio; send smaller chunks"
        raise EventRefused(error_event("audio_too_large", detail, "audio", event.client_id))
    try:
        return base64.b64decode(audio, validate=True)
    except (binascii.Error, ValueError):
        raise EventRefused(
            error_event("invalid_base64", "audio is not valid base64", "audio", event.client_id)
        ) from None


def unknown_type(event: ClientEvent) -> EventRefused:
    detail = f"unknown event type {event.kind!r}; expected one of {KNOWN_TYPES}"
    return EventRefused(error_event("invalid_event_type", detail, "type", event.client_id))


def error_code(error: Exception) -> str:
    """An application error's code in an error event: its class name in snake case."""
    name = type(error).__name__
    return "".join("_" + c.lower() if c.isupper() else c for c in name).lstrip("_")
