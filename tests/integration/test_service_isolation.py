"""One key cannot stall or starve the service for another, on the real service: trickling
uploads hold no thread, uploads in flight and synchronous transcriptions are counted per key
and in all (429 / 503 with Retry-After), the synchronous route has its own audio limit, and
hostile cursors and socket frames get a clean refusal, never a 500."""

from __future__ import annotations

import base64
import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.integration.service import RunningService, start_service

pytestmark = pytest.mark.slow
FIXTURES = Path(__file__).parent / "fixtures"
KEY_A, KEY_B, KEY_C, KEY_D = (
    "isolation-key-a-0123",
    "isolation-key-b-0123",
    "isolation-key-c-0123",
    "isolation-key-d-0123",
)
TRICKLERS = 45  # more than anyio's 40 default threads, which a thread per upload would all take
PROMPT_SECONDS = 3.0


@pytest.fixture(scope="module")
def service(tmp_path_factory) -> Iterator[RunningService]:
    running = start_service(
        tmp_path_factory.mktemp("isolation") / "data",
        env={
            "VOXRELAY_API_KEYS": ",".join((KEY_A, KEY_B, KEY_C, KEY_D)),
            "VOXRELAY_MAX_UPLOADS_PER_KEY": "50",
            "VOXRELAY_UPLOAD_MIN_BYTES_PER_SECOND": "0",  # the trickles must last the test
            "VOXRELAY_UPLOAD_STALL_SECONDS": "30",
            "VOXRELAY_SYNC_CONCURRENCY": "1",  # 4 places, 2 per key
            "VOXRELAY_SYNC_MAX_AUDIO_SECONDS": "5",
            "VOXRELAY_WHISPER_BEAM_SIZE": "1",
            "VOXRELAY_RATE_LIMIT_PER_MINUTE": "0",
        },
    )
    yield running
    running.stop()


@contextmanager
def trickling(service: RunningService, key: str, count: int, path: str = "/v1/jobs") -> Iterator[list[socket.socket]]:
    """`count` uploads that announce 1 MB and send one byte a second, for as long as the block lasts."""
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: {key}\r\n"
        f"Content-Type: multipart/form-data; boundary=xyz\r\nContent-Length: 1000000\r\n\r\n"
        '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.wav"\r\n\r\n'
    ).encode()
    sockets = []
    for _ in range(count):
        raw = socket.create_connection(("127.0.0.1", service.port), timeout=10)
        raw.sendall(head)
        sockets.append(raw)
    stop = threading.Event()

    def drip() -> None:
        while not stop.wait(1.0):
            for raw in sockets:
                try:
                    raw.sendall(b"\0")
                except OSError:
                    pass

    dripper = threading.Thread(target=drip, daemon=True)
    dripper.start()
    try:
        yield sockets
    finally:
        stop.set()
        dripper.join()
        for raw in sockets:
            raw.close()


def timed(call) -> tuple[float, object]:
    began = time.monotonic()
    result = call()
    return time.monotonic() - began, result


def list_jobs(service: RunningService, key: str) -> httpx.Response:
    return httpx.get(f"{service.http}/v1/jobs", headers={"X-API-Key": key}, timeout=PROMPT_SECONDS * 3)


def greeting(service: RunningService, key: str) -> dict:
    with connect(f"{service.ws}/notification?token={key}", open_timeout=PROMPT_SECONDS * 3) as ws:
        return json.loads(ws.recv(timeout=PROMPT_SECONDS * 3))


def post(service: RunningService, path: str, key: str, audio: Path = FIXTURES / "speech.wav") -> httpx.Response:
    with audio.open("rb") as file:
        return httpx.post(
            f"{service.http}{path}",
            files={"file": ("a.wav", file)},
            data={"model": "whisper-1", "response_format": "text"} if "audio" in path else {},
            headers={"X-API-Key": key},
            timeout=120,
        )


def await_status(call, status: int, timeout: float = 15.0) -> httpx.Response:
    """Repeat `call` until it answers `status`: the server counts an upload once it reads it."""
    deadline = time.monotonic() + timeout
    while True:
        answer = call()
        if answer.status_code == status or time.monotonic() > deadline:
            return answer
        time.sleep(0.3)


def uploads_in_flight(service: RunningService) -> int:
    metrics = httpx.get(f"{service.http}/metrics", headers={"X-API-Key": KEY_D}, timeout=10).text
    return int(float(re.search(r"^voxrelay_uploads_in_flight (\S+)$", metrics, re.MULTILINE).group(1)))


def await_uploads_in_flight(service: RunningService, count: int, timeout: float = 60.0) -> int:
    """Wait until the service reads `count` uploads: on a loaded machine accepting 50 takes a while."""
    deadline = time.monotonic() + timeout
    while (held := uploads_in_flight(service)) < count and time.monotonic() < deadline:
        time.sleep(0.3)
    return held


def test_trickling_uploads_of_one_key_leave_another_keys_listing_and_greeting_prompt(service):
    assert list_jobs(service, KEY_B).status_code == 200  # warm: the first request pays for imports
    with trickling(service, KEY_A, TRICKLERS):
        time.sleep(3)  # every trickle is being read by now
        listing_seconds, listing = timed(lambda: list_jobs(service, KEY_B))
        greeting_seconds, greeted = timed(lambda: greeting(service, KEY_B))
        ready = httpx.get(f"{service.http}/readyz", headers={"X-API-Key": KEY_D}, timeout=10)
    assert listing.status_code == 200 and listing_seconds < PROMPT_SECONDS
    assert "session_id" in greeted and greeting_seconds < PROMPT_SECONDS
    assert ready.json()["checks"]["upload_threads"] == "ok"  # waiting for bytes takes no thread


def test_a_key_past_its_uploads_in_flight_gets_429_until_one_ends(service):
    short = FIXTURES / "too_short.wav"  # read whole, then refused 422: it holds no slot after
    with trickling(service, KEY_C, 50):
        assert await_uploads_in_flight(service, 50) == 50
        refused = post(service, "/v1/jobs", KEY_C, short)
        other = post(service, "/v1/jobs", KEY_D, short)
    assert refused.status_code == 429 and refused.json()["error"] == "too_many_uploads"
    assert int(refused.headers["Retry-After"]) >= 1
    assert other.status_code == 422  # another key's upload is read as usual
    again = await_status(lambda: post(service, "/v1/jobs", KEY_C, short), 422, timeout=60)
    assert again.status_code == 422  # the trickles ended: their slots are free


def test_synchronous_transcriptions_are_bounded_per_key_and_in_all_with_retry_after(service):
    path = "/v1/audio/transcriptions"
    with trickling(service, KEY_A, 2, path):
        over_share = await_status(lambda: post(service, path, KEY_A), 429)
        with trickling(service, KEY_B, 2, path):
            full = await_status(lambda: post(service, path, KEY_C), 503)
            ready = httpx.get(f"{service.http}/readyz", headers={"X-API-Key": KEY_D}, timeout=10)
    assert over_share.status_code == 429
    assert over_share.json()["error"]["code"] == "too_many_transcriptions"  # OpenAI's error shape
    assert int(over_share.headers["Retry-After"]) >= 1
    assert full.status_code == 503 and full.json()["error"]["code"] == "server_busy"
    assert int(full.headers["Retry-After"]) >= 1
    assert ready.status_code == 503 and ready.json()["checks"]["sync_transcriptions"] == "saturated"
    short = FIXTURES / "too_short.wav"
    freed = await_status(lambda: post(service, path, KEY_C, short), 200)
    assert freed.status_code == 200  # places free again once the trickles ended


def test_the_synchronous_route_has_its_own_lower_audio_limit(service):
    refused = post(service, "/v1/audio/transcriptions", KEY_D)  # 9.8 s, over its 5 s
    assert refused.status_code == 413 and refused.json()["error"]["code"] == "audio_too_long"
    assert post(service, "/v1/jobs", KEY_D).status_code == 202  # jobs keep the general limit


@pytest.mark.parametrize("cursor", [base64.urlsafe_b64encode(b"[" * 5000).decode(), "[" * 5000, "W" * 100_00])
def test_a_hostile_cursor_is_refused_with_422_not_500(service, cursor):
    answer = httpx.get(f"{service.http}/v1/jobs", params={"cursor": cursor}, headers={"X-API-Key": KEY_D})
    assert answer.status_code == 422 and answer.json()["error"] == "invalid_request"


def test_a_first_socket_frame_of_100_000_brackets_is_refused_cleanly(service):
    with connect(f"{service.ws}/notification", max_size=None) as ws:
        ws.send("[" * 100_000)
        message = json.loads(ws.recv(timeout=10))
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=10)
    assert message["error"] == "unauthorized"
    assert closed.value.rcvd.code == 4401


def test_a_deep_frame_on_an_open_session_is_answered_and_the_socket_stays_open(service):
    with connect(f"{service.ws}/notification?token={KEY_D}", max_size=None) as ws:
        json.loads(ws.recv(timeout=10))  # the greeting
        ws.send("[" * 100_000)
        assert json.loads(ws.recv(timeout=10))["error"] == "invalid_message"
        ws.send(json.dumps({"type": "ping"}))
        assert json.loads(ws.recv(timeout=10)) == {"type": "pong"}


def test_a_part_header_past_our_cap_is_refused_with_422(service):
    body = (
        b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.wav"\r\n'
        # each line within python-multipart's own cap, together past ours
        + b"".join(b"X-Padding-%d: " % i + b"p" * 3000 + b"\r\n" for i in range(3))
        + b"\r\n"
        + (FIXTURES / "speech.wav").read_bytes()
        + b"\r\n--xyz--\r\n"
    )
    answer = httpx.post(
        f"{service.http}/v1/jobs",
        content=body,
        headers={"X-API-Key": KEY_D, "Content-Type": "multipart/form-data; boundary=xyz"},
        timeout=30,
    )
    assert answer.status_code == 422 and "headers are longer" in answer.json()["detail"]


def test_sockets_that_show_no_key_are_held_briefly_and_only_so_many_at_once(service):
    handshake = (
        b"GET /notification HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    )
    began = time.monotonic()
    with (
        connect(f"{service.ws}/notification") as silent,  # says nothing: closed after the auth time
        pytest.raises(ConnectionClosed),
    ):
        while True:
            silent.recv(timeout=15)
    assert time.monotonic() - began < 6
    waiting = []
    try:
        for _ in range(256):
            raw = socket.create_connection(("127.0.0.1", service.port), timeout=10)
            raw.sendall(handshake)
            waiting.append(raw)
        time.sleep(1.0)
        with connect(f"{service.ws}/notification") as one_more:
            refused = json.loads(one_more.recv(timeout=10))
            with pytest.raises(ConnectionClosed) as closed:
                one_more.recv(timeout=10)
    finally:
        for raw in waiting:
            raw.close()
    assert refused["error"] == "too_many_sockets" and closed.value.rcvd.code == 1013
