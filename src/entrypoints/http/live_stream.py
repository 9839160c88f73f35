"""One live stream on a WebSocket: client events in, the session's events out, decodes in a
thread one at a time. The rules live in `application.live`; this is the I/O around them:
reading client events is `live_client_events`, keeping the stream as a job `live_keeping`,
the decodes `live_decoding`, a session update `live_session_update`; `LiveStreamTools`
(re-exported here) is `live_stream_tools`."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from typing import Any

import anyio.to_thread
from litestar import WebSocket

from adapters.openai_compat.realtime_events import error_event, event_id, render
from adapters.openai_compat.realtime_session import SessionConfig
from adapters.pcm import InputAudio
from application.errors import ApplicationError
from application.live import LiveError, LiveTranscription
from application.live.events import LiveEvent
from entrypoints.http.live_client_events import (
    ClientEvent,
    EventRefused,
    appended_audio,
    error_code,
    frame_text,
    read_event,
    unknown_type,
)
from entrypoints.http.live_decoding import decode_loop
from entrypoints.http.live_keeping import keep_as_job
from entrypoints.http.live_session_update import session_update, session_updated
from entrypoints.http.live_stream_tools import LiveStreamTools

IDLE_TIMEOUT = 4408
STREAM_TOO_LONG = 4413

__all__ = ["IDLE_TIMEOUT", "STREAM_TOO_LONG", "LiveStream", "LiveStreamTools"]


class LiveStream:
    def __init__(self, socket: WebSocket, tools: LiveStreamTools, owner: str | None, model: str | None) -> None:
        self._socket = socket
        self._tools = tools
        self._owner = owner
        self._id = "sess_" + uuid.uuid4().hex[:20]
        self._config = SessionConfig()
        if model:
            self._config = self._config.updated(
                "session.update", {"type": "transcription", "audio": {"input": {"transcription": {"model": model}}}}
            )
        self._input = InputAudio(self._config.format_type, self._config.rate)
        self._live = LiveTranscription(self._config.live_settings(tools.settings), tools.vad, time.monotonic)
        self._send_lock = asyncio.Lock()
        self._work = asyncio.Event()
        self._open = True

    async def run(self) -> None:
        await self._send({"type": "session.created", "event_id": event_id(), "session": self._config.as_ga(self._id)})
        if self._tools.models is not None and self._config.model is not None:  # ?model= named one
            try:
                await anyio.to_thread.run_sync(self._tools.models.check, self._config.model, None)
            except ApplicationError as error:
                await self._send(error_event(error_code(error), str(error), "model"))
        decoding = asyncio.create_task(decode_loop(self._live, self._tools.decoder, self._work, self._emit))
        close: tuple[int, str] | None = None
        try:
            close = await self._receive_loop()
        finally:
            self._open = close is not None  # the client may still hear the last completions
            await self._finish(decoding)
        if close is not None:
            try:
                await self._socket.close(code=close[0], reason=close[1])
            except Exception:
                pass

    async def _receive_loop(self) -> tuple[int, str] | None:
        """Until the client leaves (None) or the stream must end (a close code and reason)."""
        while True:
            try:
                message = await asyncio.wait_for(self._socket.receive(), timeout=self._tools.idle_seconds)
            except TimeoutError:
                detail = f"nothing received for {self._tools.idle_seconds:g} s; the stream is closed"
                await self._send(error_event("idle_timeout", detail))
                return IDLE_TIMEOUT, "idle timeout"
            if message["type"] == "websocket.disconnect":
                return None
            fatal = await self._handle(frame_text(message))
            if fatal is not None:
                await self._send(error_event(fatal.code, fatal.message, fatal.param))
                return STREAM_TOO_LONG, fatal.code

    async def _handle(self, raw: str) -> LiveError | None:
        try:
            event = read_event(raw)
            if event.kind == "input_audio_buffer.append":
                return await self._append(event)
            if event.kind in ("session.update", "transcription_session.update"):
                await self._configure(event.kind, event.body.get("session"), event.client_id)
            elif event.kind == "input_audio_buffer.commit":
                await self._emit(self._live.commit(), event.client_id)
            elif event.kind == "input_audio_buffer.clear":
                await self._emit(self._live.clear(), event.client_id)
            else:
                raise unknown_type(event)
        except EventRefused as refused:
            await self._send(refused.answer)
        return None

    async def _append(self, event: ClientEvent) -> LiveError | None:
        events = self._live.append(self._input.to_16k(appended_audio(event, self._tools.max_append_bytes)))
        recording = self._live.recording
        if recording is not None and recording.flush_due:  # storage writes stay off the event loop
            await anyio.to_thread.run_sync(recording.flush)
        fatal = next((e for e in events if isinstance(e, LiveError) and e.fatal), None)
        await self._emit([e for e in events if e is not fatal], event.client_id)
        return fatal

    async def _configure(self, kind: str, session: Any, client_id: str | None) -> None:
        args = (self._tools, self._live, self._config, self._input, kind, session, self._owner, client_id)
        updated = await session_update(*args)
        if isinstance(updated, dict):  # refused: the error event says why
            await self._send(updated)
            return
        self._config, self._input = updated
        self._live.configure(self._config.live_settings(self._tools.settings))
        await self._send(session_updated(kind, self._config, self._id))

    async def _emit(self, events: list[LiveEvent], client_id: str | None = None) -> None:
        for event in events:
            for rendered in render(event):
                if rendered["type"] == "error" and client_id:
                    rendered["error"]["event_id"] = client_id
                await self._send(rendered)
        self._work.set()

    async def _finish(self, decoding: asyncio.Task) -> None:
        """Commit what was said last; decode the finals if someone will read them (the client
        is still there, or the stream is kept); then keep the stream as a job."""
        kept = self._live.recording is not None
        await self._emit(self._live.finish())
        if not (self._open or kept):
            decoding.cancel()  # nobody will read them; the decode in flight still ends first
        with contextlib.suppress(asyncio.CancelledError):
            await decoding
        if kept and (job_id := await keep_as_job(self._tools, self._live, self._config, self._owner)):
            await self._send({"type": "voxrelay.stream.kept", "event_id": event_id(), "job_id": job_id})

    async def _send(self, message: dict[str, Any]) -> None:
        if not self._open:
            return
        async with self._send_lock:
            try:
                await self._socket.send_json(message)
            except Exception:  # the client is gone: nothing more to tell it
                self._open = False
