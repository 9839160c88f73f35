"""SyncGate: synchronous transcriptions run at most `concurrency` at once on threads of their
own; a key holds half the places at most (429), all of them full is 503; and the request
threads' pool says when it is saturated."""

from __future__ import annotations

import threading
import time

import anyio
import anyio.to_thread
import pytest

from application.errors import ServiceBusy, TooManyTranscriptions
from entrypoints.http.operations import request_threads_saturated
from entrypoints.http.sync_gate import SyncGate


def test_no_more_than_its_concurrency_run_at_once_whoever_waits():
    gate = SyncGate(concurrency=2)
    running, most = 0, 0
    lock = threading.Lock()

    def transcribe() -> None:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.05)
        with lock:
            running -= 1

    async def main():
        async with anyio.create_task_group() as tasks:
            for _ in range(8):
                tasks.start_soon(gate.run, transcribe)

    anyio.run(main)
    assert most == 2


def test_a_key_holds_half_the_places_and_a_full_gate_refuses_everyone():
    gate = SyncGate(concurrency=1)  # 4 places, 2 per key
    gate.enter("a")
    gate.enter("a")
    with pytest.raises(TooManyTranscriptions):
        gate.enter("a")
    gate.enter("b")
    gate.enter("b")
    assert gate.saturated
    with pytest.raises(ServiceBusy) as busy:
        gate.enter("c")
    assert busy.value.retry_after_seconds > 0
    gate.leave("a")
    gate.enter("c")  # a place freed is anyone's
    assert gate.held == 4


def test_the_request_threads_are_saturated_only_while_callers_wait_for_one():
    release = threading.Event()
    seen: list[bool] = []

    async def main():
        limiter = anyio.to_thread.current_default_thread_limiter()
        async with anyio.create_task_group() as tasks:
            for _ in range(int(limiter.total_tokens)):
                tasks.start_soon(anyio.to_thread.run_sync, release.wait)
            await anyio.sleep(0.2)
            seen.append(request_threads_saturated())  # all busy, none waiting
            tasks.start_soon(anyio.to_thread.run_sync, release.wait)
            await anyio.sleep(0.1)
            seen.append(request_threads_saturated())
            release.set()

    anyio.run(main)
    assert seen == [False, True]
