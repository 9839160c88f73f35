"""Upload forms are parsed on the event loop: a client that sends slowly holds no thread, only
a chunk ready to be stored takes one of the upload workers' own; the guard refuses a trickle;
a part's headers are bounded by our own cap."""

from __future__ import annotations

import threading

import anyio
import anyio.to_thread
import pytest

from adapters.memory import MemoryAudioStorage
from application.errors import InvalidRequest, UploadTooLarge, UploadTooSlow
from application.use_cases import ReceiveUpload
from entrypoints.http.multipart_stream import FormEventParser
from entrypoints.http.upload_form import read_form
from entrypoints.http.upload_guard import ShutdownSignal, upload_guard
from entrypoints.http.upload_workers import UploadWorkers

CONTENT_TYPE = "multipart/form-data; boundary=xyz"
OPENING = b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.wav"\r\n\r\n'
CLOSING = b'\r\n--xyz\r\nContent-Disposition: form-data; name="language"\r\n\r\nen\r\n--xyz--\r\n'


def test_a_form_waiting_for_bytes_holds_no_thread_and_its_audio_is_stored_whole():
    storage = MemoryAudioStorage()
    workers = UploadWorkers(2)
    borrowed_while_waiting: list[int] = []

    async def slow_body():
        yield OPENING
        for _ in range(5):
            await anyio.sleep(0.02)  # a slow client: nothing to do but wait
            default = anyio.to_thread.current_default_thread_limiter().borrowed_tokens
            borrowed_while_waiting.append(default + workers.limiter.borrowed_tokens)
            yield b"\1" * 1000
        yield CLOSING

    async def main():
        return await read_form(slow_body(), CONTENT_TYPE, ReceiveUpload(storage, 10_000), storage, workers)

    form = anyio.run(main)
    assert borrowed_while_waiting == [0] * 5
    assert form.fields == {"language": "en"}
    assert form.audio is not None and storage.objects[form.audio.key] == b"\1" * 5000


def test_a_form_refused_midway_leaves_nothing_in_storage():
    storage = MemoryAudioStorage()

    async def body():
        yield OPENING
        for _ in range(20):
            yield b"\1" * 100_000

    async def main():
        await read_form(body(), CONTENT_TYPE, ReceiveUpload(storage, 1_000_000), storage, UploadWorkers(1))

    with pytest.raises(UploadTooLarge):
        anyio.run(main)
    assert storage.objects == {}


def test_the_upload_workers_report_saturation_only_while_writes_wait():
    workers = UploadWorkers(1)
    release = threading.Event()
    seen: list[bool] = []

    async def main():
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(workers.run, release.wait)
            await anyio.sleep(0.05)
            seen.append(workers.saturated)  # one busy, none waiting
            tasks.start_soon(workers.run, release.wait)
            await anyio.sleep(0.05)
            seen.append(workers.saturated)  # one busy, one waiting
            release.set()
        seen.append(workers.saturated)

    anyio.run(main)
    assert seen == [False, True, False]


def test_part_headers_past_our_cap_are_refused_even_in_lines_the_parser_allows():
    parser = FormEventParser(b"xyz")
    lines = b"".join(b"X-Pad-%d: " % i + b"p" * 3000 + b"\r\n" for i in range(3))
    with pytest.raises(InvalidRequest, match="headers are longer"):
        parser.feed(b'--xyz\r\nContent-Disposition: form-data; name="file"\r\n' + lines + b"\r\n")


def _guarded_body(stall_seconds: float, min_rate: int, pieces: int, pause: float) -> None:
    """Run a body of `pieces` 10-byte messages, `pause` apart, through the guard."""

    async def app(scope, receive, send):
        while (await receive()).get("more_body"):
            pass

    async def receive():
        await anyio.sleep(pause)
        return {"type": "http.request", "body": b"x" * 10, "more_body": True}

    async def send(message):
        pass

    scope = {"type": "http", "headers": [(b"content-length", b"1000000")]}
    guarded = upload_guard(stall_seconds, ShutdownSignal(), min_rate)(app)

    async def main():
        with anyio.fail_after(pieces * pause + 5):
            await guarded(scope, receive, send)

    anyio.run(main)


def test_a_body_trickling_below_the_minimum_rate_is_refused_once_past_the_stall_time():
    # 10 bytes every 0.05 s is 200 B/s: each piece comes well within the stall time, so only
    # the average rate can tell the trickle apart.
    with pytest.raises(UploadTooSlow):
        _guarded_body(stall_seconds=0.2, min_rate=1000, pieces=1000, pause=0.05)
