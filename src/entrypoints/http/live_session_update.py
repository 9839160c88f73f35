"""A live stream's `session.update` (or the beta `transcription_session.update`): the new
session config and input converter, or the error event that refuses them, and the echo."""

from __future__ import annotations

from typing import Any

import anyio.to_thread

from adapters.openai_compat.realtime_events import error_event, event_id
from adapters.openai_compat.realtime_session import InvalidSession, SessionConfig
from adapters.pcm import InputAudio, UnsupportedInputFormat
from application.errors import ApplicationError
from application.live import LiveTranscription
from entrypoints.http.live_client_events import error_code
from entrypoints.http.live_keeping import start_recording
from entrypoints.http.live_stream_tools import LiveStreamTools


async def session_update(
    tools: LiveStreamTools,
    live: LiveTranscription,
    current: SessionConfig,
    converter: InputAudio,
    kind: str,
    session: Any,
    owner: str | None,
    client_id: str | None,
) -> tuple[SessionConfig, InputAudio] | dict[str, Any]:
    """The config and converter `session` asks for (its model checked, its recording started
    if it asks to keep the stream), or the error event that refuses it."""
    try:
        config = current.updated(kind, session)
        if (config.format_type, config.rate) != (current.format_type, current.rate):
            converter = InputAudio(config.format_type, config.rate)
        if tools.models is not None:
            await anyio.to_thread.run_sync(tools.models.check, config.model, config.language)
        if config.keep_session_id and live.recording is None:
            await start_recording(tools, live, config.keep_session_id, owner)
    except (InvalidSession, UnsupportedInputFormat) as error:
        return error_event("invalid_value", str(error), error.param, client_id)
    except ApplicationError as error:
        return error_event(error_code(error), str(error), "session", client_id)
    return config, converter


def session_updated(kind: str, config: SessionConfig, stream_id: str) -> dict[str, Any]:
    """The echo of an accepted update, in the shape (GA or beta) the client asked in."""
    echoed = {"type": "session.updated", "session": config.as_ga(stream_id)}
    if kind == "transcription_session.update":
        echoed = {"type": "transcription_session.updated", "session": config.as_beta(stream_id)}
    return {**echoed, "event_id": event_id()}
