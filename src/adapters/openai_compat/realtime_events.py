"""The live session's events as OpenAI's Realtime server events (`openai.types.realtime`)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from application.live.events import (
    BufferCleared,
    LiveError,
    LiveEvent,
    SpeechStarted,
    SpeechStopped,
    TranscriptCompleted,
    TranscriptDelta,
    TranscriptFailed,
    UtteranceCommitted,
)

TRANSCRIPTION = "conversation.item.input_audio_transcription"


def event_id() -> str:
    return "event_" + uuid.uuid4().hex[:20]


def error_event(
    code: str,
    message: str,
    param: str | None = None,
    client_event_id: str | None = None,
    kind: str = "invalid_request_error",
) -> dict[str, Any]:
    return {
        "type": "error",
        "event_id": event_id(),
        "error": {"type": kind, "code": code, "message": message, "param": param, "event_id": client_event_id},
    }


def _item(item_id: str) -> dict[str, Any]:
    return {
        "id": item_id,
        "object": "realtime.item",
        "type": "message",
        "status": "completed",
        "role": "user",
        "content": [{"type": "input_audio", "transcript": None}],
    }


def render(event: LiveEvent) -> list[dict[str, Any]]:
    """One or more server events for one of the session's."""
    for kind, renderer in _RENDERERS:
        if isinstance(event, kind):
            return renderer(event)
    raise TypeError(f"no Realtime event for {event!r}")


def _speech_started(event: SpeechStarted) -> list[dict[str, Any]]:
    return [
        {
            "type": "input_audio_buffer.speech_started",
            "event_id": event_id(),
            "audio_start_ms": event.audio_start_ms,
            "item_id": event.item_id,
        }
    ]


def _speech_stopped(event: SpeechStopped) -> list[dict[str, Any]]:
    return [
        {
            "type": "input_audio_buffer.speech_stopped",
            "event_id": event_id(),
            "audio_end_ms": event.audio_end_ms,
            "item_id": event.item_id,
        }
    ]


def _committed(event: UtteranceCommitted) -> list[dict[str, Any]]:
    linked = {"previous_item_id": event.previous_item_id}
    return [
        {"type": "input_audio_buffer.committed", "event_id": event_id(), "item_id": event.item_id, **linked},
        {"type": "conversation.item.added", "event_id": event_id(), "item": _item(event.item_id), **linked},
        {"type": "conversation.item.done", "event_id": event_id(), "item": _item(event.item_id), **linked},
    ]


def _delta(event: TranscriptDelta) -> list[dict[str, Any]]:
    return [
        {
            "type": f"{TRANSCRIPTION}.delta",
            "event_id": event_id(),
            "item_id": event.item_id,
            "content_index": 0,
            "delta": event.delta,
        }
    ]


def _failed(event: TranscriptFailed) -> list[dict[str, Any]]:
    return [
        {
            "type": f"{TRANSCRIPTION}.failed",
            "event_id": event_id(),
            "item_id": event.item_id,
            "content_index": 0,
            "error": {"type": "server_error", "code": "transcription_failed", "message": event.reason, "param": None},
        }
    ]


def _cleared(_: BufferCleared) -> list[dict[str, Any]]:
    return [{"type": "input_audio_buffer.cleared", "event_id": event_id()}]


def _error(event: LiveError) -> list[dict[str, Any]]:
    return [error_event(event.code, event.message, event.param)]


def _completed(event: TranscriptCompleted) -> list[dict[str, Any]]:
    """OpenAI's fields, plus `voxrelay`: the utterance's place in the stream and its words
    with timings (seconds from the stream's start) and confidence."""
    transcript, shift = event.transcript, event.offset_seconds
    words = [
        {
            "start": round(w.start + shift, 3),
            "end": round(w.end + shift, 3),
            "text": w.text.strip(),
            "confidence": round(w.confidence, 4),
        }
        for w in transcript.words
    ]
    completed = {
        "type": f"{TRANSCRIPTION}.completed",
        "event_id": event_id(),
        "item_id": event.item_id,
        "content_index": 0,
        "transcript": transcript.text,
        "usage": {"type": "duration", "seconds": round(transcript.duration, 3)},
        "voxrelay": {
            "start": round(shift, 3),
            "end": round(shift + transcript.duration, 3),
            "language": transcript.language,
            "words": words,
        },
    }
    return [completed]


_RENDERERS: tuple[tuple[type[Any], Callable[[Any], list[dict[str, Any]]]], ...] = (
    (SpeechStarted, _speech_started),
    (SpeechStopped, _speech_stopped),
    (UtteranceCommitted, _committed),
    (TranscriptDelta, _delta),
    (TranscriptCompleted, _completed),
    (TranscriptFailed, _failed),
    (BufferCleared, _cleared),
    (LiveError, _error),
)
