"""SyncGate: how many synchronous transcriptions (`POST /v1/audio/transcriptions`) this
process runs and keeps waiting, and how many of them one key may hold.

A caller of the synchronous route holds a place from before its upload is read to its
answer; the transcription itself runs on threads of the gate's own, at most `concurrency`
at once, so waiting callers wait on the event loop and never take a thread of the rest of
the API. The places are bounded (`WAITING_PER_RUNNING` per running transcription) and one
key holds at most half of them, so another key always finds one: past its share a key is
answered 429, past all of them every caller 503, both with Retry-After."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import anyio
import anyio.to_thread

from application.errors import ServiceBusy, TooManyTranscriptions
from application.held_places import HeldPlaces

T = TypeVar("T")
WAITING_PER_RUNNING = 4
RETRY_AFTER_SECONDS = 5.0


class SyncGate:
    def __init__(self, concurrency: int) -> None:
        self.concurrency = max(1, concurrency)
        self.places = self.concurrency * WAITING_PER_RUNNING
        self.per_key = max(1, self.places // 2)
        self._places = HeldPlaces(per_caller=self.per_key, in_all=self.places)
        self._limiter: anyio.CapacityLimiter | None = None

    def enter(self, owner: str | None) -> None:
        refusal = self._places.take(owner)
        if refusal is None:
            return
        if refusal.over_share:
            raise TooManyTranscriptions(self.per_key, RETRY_AFTER_SECONDS)
        raise ServiceBusy("every place for a synchronous transcription is taken", RETRY_AFTER_SECONDS)

    def leave(self, owner: str | None) -> None:
        self._places.give_back(owner)

    @property
    def held(self) -> int:
        return self._places.total

    async def run(self, work: Callable[..., T], *args: object) -> T:
        if self._limiter is None:  # made on first use, inside the server's event loop
            self._limiter = anyio.CapacityLimiter(self.concurrency)
        return await anyio.to_thread.run_sync(work, *args, limiter=self._limiter)

    @property
    def saturated(self) -> bool:
        return self._places.total >= self.places
