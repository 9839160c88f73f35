"""A live stream's decodes: one at a time in a thread, as the session asks for them, until the
stream has ended and nothing is left to decode."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import anyio.to_thread

from application.live import LiveTranscription
from application.live.events import LiveEvent
from application.ports import SpeechDecoder

log = logging.getLogger("entrypoints.http.live_stream")  # the stream's own log, as before the split


async def decode_loop(
    live: LiveTranscription,
    decoder: SpeechDecoder,
    work: asyncio.Event,
    emit: Callable[[list[LiveEvent]], Awaitable[None]],
) -> None:
    """Decode what `live` asks for; wait on `work` (set by every emit) when it asks for nothing."""
    while True:
        job = live.next_decode()
        if job is None:
            if live.ended and not live.busy:
                return
            work.clear()
            await work.wait()
            continue
        try:
            transcript = await anyio.to_thread.run_sync(decoder.decode, job.pcm, live.settings.options, job.final)
        except Exception as error:  # TranscriptionFailed, or the engine crashing
            log.warning("a live decode failed: %s", error)
            await emit(live.decode_failed(job, str(error) or "the decode failed"))
            continue
        await emit(live.decoded(job, transcript))
