"""Limits on the real service: rate and unfinished jobs per key (429 + Retry-After, before the
upload is read), sockets per key (4429), stalled uploads (408); nothing refused is stored."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.integration.redis_processes import repeated_speech
from tests.integration.service import RunningService, start_service
from tests.support.polling import ENDED, job_reaching

pytestmark = pytest.mark.slow
FIXTURES = Path(__file__).parent / "fixtures"
RATE_KEY, JOBS_KEY, SOCKET_KEY, SLOW_KEY = "rate-key-012345", "jobs-key-012345", "sock-key-012345", "slow-key-012345"
FLOOD_KEY = "flood-key-01234"
FLOOD_BYTES = 50 * 1024 * 1024


@pytest.fixture(scope="module")
def service(tmp_path_factory) -> RunningService:
    running = start_service(
        tmp_path_factory.mktemp("limits") / "data",
        env={
            "VOXRELAY_API_KEYS": ",".join((RATE_KEY, JOBS_KEY, SOCKET_KEY, SLOW_KEY, FLOOD_KEY)),
            "VOXRELAY_RATE_LIMIT_PER_MINUTE": "3",
            "VOXRELAY_MAX_ACTIVE_JOBS_PER_KEY": "1",
            "VOXRELAY_MAX_SOCKETS_PER_KEY": "2",
            "VOXRELAY_UPLOAD_STALL_SECONDS": "1",
            "VOXRELAY_WHISPER_BEAM_SIZE": "1",
        },
    )
    yield running
    running.stop()


def post_job(service: RunningService, key: str, path: Path = FIXTURES / "too_short.wav") -> httpx.Response:
    with path.open("rb") as audio:
        return httpx.post(
            f"{service.http}/v1/jobs", files={"file": ("a.wav", audio)}, headers={"X-API-Key": key}, timeout=60
        )


def test_a_key_over_its_rate_gets_429_with_retry_after_and_nothing_is_stored(service):
    answers = [post_job(service, RATE_KEY) for _ in range(3)]  # too short: refused 422, yet counted
    before = set(service.stored_audio())
    refused = post_job(service, RATE_KEY)
    assert [a.status_code for a in answers] == [422, 422, 422]
    assert refused.status_code == 429 and refused.json()["error"] == "rate_limited"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert set(service.stored_audio()) <= before  # nothing new (a job that ended took its own)


def test_a_key_over_its_rate_is_refused_before_its_upload_is_read(service):
    for _ in range(3):
        assert post_job(service, FLOOD_KEY).status_code == 422  # counted, though too short
    before = set(service.stored_audio())
    refused, sent = post_flood(service, FLOOD_KEY)
    assert refused.status_code == 429 and refused.json()["error"] == "rate_limited"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert refused.headers["Connection"] == "close"  # the server stopped reading...
    assert sent < FLOOD_BYTES // 2  # ...so the client stopped sending: socket buffers at most
    assert set(service.stored_audio()) <= before  # not even a temp file was started


def test_a_key_with_a_job_unfinished_gets_429_until_it_ends(service, tmp_path):
    long_audio = repeated_speech(tmp_path / "long.wav", 4)
    first = post_job(service, JOBS_KEY, long_audio)
    assert first.status_code == 202
    stored = set(service.stored_audio())
    second = post_job(service, JOBS_KEY, FIXTURES / "speech.wav")
    assert second.status_code == 429 and second.json()["error"] == "too_many_active_jobs"
    assert second.headers["Retry-After"] == "5"
    flooded, sent = post_flood(service, JOBS_KEY)
    assert flooded.status_code == 429 and flooded.json()["error"] == "too_many_active_jobs"
    assert sent < FLOOD_BYTES // 2
    assert set(service.stored_audio()) <= stored  # nothing new; the running job's goes when it ends
    job_url = f"{service.http}/v1/jobs/{first.json()['id']}"
    job_reaching(lambda: httpx.get(job_url, headers={"X-API-Key": JOBS_KEY}).json(), ENDED, 60, every=0.2)
    assert post_job(service, JOBS_KEY, FIXTURES / "speech.wav").status_code == 202


def test_a_socket_beyond_the_keys_maximum_is_closed_with_4429(service):
    url = f"{service.ws}/notification?token={SOCKET_KEY}"
    with connect(url) as one, connect(url) as two:
        assert "session_id" in json.loads(one.recv(timeout=10))
        assert "session_id" in json.loads(two.recv(timeout=10))
        with connect(url) as three:
            message = json.loads(three.recv(timeout=10))
            assert message["error"] == "too_many_sockets"
            with pytest.raises(ConnectionClosed) as closed:
                three.recv(timeout=10)
            assert closed.value.rcvd.code == 4429
    with connect(url) as again:  # the others closed: room again
        assert "session_id" in json.loads(again.recv(timeout=10))


def test_an_upload_that_stalls_gets_408_and_leaves_nothing(service):
    before = set(service.stored_audio())
    head, body = multipart_start(SLOW_KEY, total_length=200_000)
    with socket.create_connection(("127.0.0.1", service.port), timeout=15) as raw:
        raw.sendall(head + body + b"\0" * 50_000)
        answer = read_response(raw)
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
    assert json.loads(answer.split(b"\r\n\r\n", 1)[1])["error"] == "upload_timeout"
    assert set(service.stored_audio()) <= before  # nothing new (a job that ended took its own)


def post_flood(service: RunningService, key: str) -> tuple[httpx.Response, int]:
    """POST a FLOOD_BYTES upload generated on the fly; the answer and how many bytes the client
    had produced by then. A server that answers early and closes makes the client's writes
    fail; httpx then reads the answer instead of raising."""
    sent = 0

    def body():
        nonlocal sent
        yield b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.wav"\r\n\r\n'
        chunk = b"\0" * (1024 * 1024)
        for _ in range(FLOOD_BYTES // len(chunk)):
            sent += len(chunk)
            yield chunk
        yield b"\r\n--xyz--\r\n"

    answer = httpx.post(
        f"{service.http}/v1/jobs",
        content=body(),
        headers={"X-API-Key": key, "Content-Type": "multipart/form-data; boundary=xyz"},
        timeout=60,
    )
    return answer, sent


def multipart_start(key: str, total_length: int) -> tuple[bytes, bytes]:
    """Request headers announcing `total_length` bytes and the opening of the file part."""
    body = (
        b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.wav"\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n"
    )
    head = (
        f"POST /v1/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: {key}\r\n"
        f"Content-Type: multipart/form-data; boundary=xyz\r\nContent-Length: {total_length}\r\n\r\n"
    ).encode()
    return head, body


def read_response(raw: socket.socket) -> bytes:
    received = b""
    while chunk := raw.recv(65536):
        received += chunk
        if b"\r\n\r\n" in received:
            headers, _, body = received.partition(b"\r\n\r\n")
            length = next(
                (
                    int(line.split(b":")[1])
                    for line in headers.split(b"\r\n")
                    if line.lower().startswith(b"content-length")
                ),
                None,
            )
            if length is not None and len(body) >= length:
                break
    return received
