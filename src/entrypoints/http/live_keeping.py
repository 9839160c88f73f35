"""Keeping a live stream: its audio recorded as it comes, then stored as a job of the session."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import anyio.to_thread

from adapters.openai_compat.realtime_session import InvalidSession, SessionConfig
from adapters.pcm import WavRecording
from application.live import LiveTranscription
from application.use_cases import KeepLiveStreamCommand

if TYPE_CHECKING:
    from entrypoints.http.live_stream import LiveStreamTools

log = logging.getLogger(__name__)


async def start_recording(tools: LiveStreamTools, live: LiveTranscription, session_id: str, owner: str | None) -> None:
    """Record the stream for `session_id`: the owner's session, before any audio came (else
    InvalidSession, or the use case's error)."""
    await anyio.to_thread.run_sync(tools.keep.check, session_id, owner)
    writer = await anyio.to_thread.run_sync(tools.storage.create)
    recording = WavRecording(writer)
    refused = live.record(recording)
    if refused is not None:
        await anyio.to_thread.run_sync(recording.abort)
        raise InvalidSession(refused.message, refused.param or "session.voxrelay")


async def keep_as_job(
    tools: LiveStreamTools, live: LiveTranscription, config: SessionConfig, owner: str | None
) -> str | None:
    """The recorded stream as a job of its session, with the utterances as its transcript: the
    job's id, or None when there was no audio (the recording is dropped) or keeping failed
    (logged; the client is not told)."""
    recording = live.recording
    assert recording is not None and config.keep_session_id is not None
    if live.audio_seconds == 0:
        await anyio.to_thread.run_sync(recording.abort)
        return None
    try:
        reference = await anyio.to_thread.run_sync(recording.finish)
        command = KeepLiveStreamCommand(
            session_id=config.keep_session_id,
            owner=owner,
            audio=reference,
            audio_seconds=live.audio_seconds,
            utterances=tuple(live.completed),
            model=config.model,
            language=config.language,
        )
        job = await anyio.to_thread.run_sync(tools.keep.execute, command)
    except Exception:
        log.exception("a kept live stream could not be stored as a job")
        return None
    return job.id.value
