"""Every kind of bad upload gets a clear 4xx JSON answer, and nothing stays on disk."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from websockets.sync.client import connect

from tests.integration.service import RunningService, start_service

pytestmark = pytest.mark.slow
FIXTURES = Path(__file__).parent / "fixtures"
LIMIT = 400_000


@pytest.fixture(scope="module")
def service(tmp_path_factory) -> RunningService:
    running = start_service(
        tmp_path_factory.mktemp("bad") / "data",
        env={"VOXRELAY_MAX_UPLOAD_BYTES": str(LIMIT), "VOXRELAY_MIN_AUDIO_SECONDS": "0.5"},
    )
    yield running
    running.stop()


@pytest.fixture
def session_id(service) -> str:
    with connect(f"{service.ws}/notification") as ws:
        return json.loads(ws.recv(timeout=10))["session_id"]


def post_upload(service, content: bytes, session_id: str | None, **fields) -> httpx.Response:
    data = {"session_id": session_id, **fields} if session_id else fields
    return httpx.post(f"{service.http}/upload-audio", files={"file": ("clip.wav", content)}, data=data, timeout=60)


def assert_refused(response: httpx.Response, status: int, error: str, service: RunningService) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"] == error and body["detail"], body
    assert service.stored_audio() == [], "a refused upload left audio behind"


def test_text_is_not_audio(service, session_id):
    content = (FIXTURES / "not_audio.txt").read_bytes()
    assert_refused(post_upload(service, content, session_id), 415, "unsupported_audio", service)


def test_random_bytes_are_not_audio(service, session_id):
    assert_refused(post_upload(service, bytes(range(256)) * 40, session_id), 415, "unsupported_audio", service)


def test_an_empty_file_is_refused(service, session_id):
    assert_refused(post_upload(service, b"", session_id), 422, "empty_audio", service)


def test_audio_shorter_than_the_minimum_is_refused(service, session_id):
    content = (FIXTURES / "too_short.wav").read_bytes()
    assert_refused(post_upload(service, content, session_id), 422, "audio_too_short", service)


def test_an_upload_over_the_limit_is_refused(service, session_id):
    wav = (FIXTURES / "speech.wav").read_bytes()
    assert len(wav) + 200_000 > LIMIT
    assert_refused(post_upload(service, wav + b"\0" * 200_000, session_id), 413, "upload_too_large", service)


def test_an_unknown_session_is_not_found(service):
    content = (FIXTURES / "speech.wav").read_bytes()
    assert_refused(post_upload(service, content, "y" * 32), 404, "session_not_found", service)


def test_a_missing_session_is_refused_on_the_seed_route(service):
    content = (FIXTURES / "speech.wav").read_bytes()
    assert_refused(post_upload(service, content, None), 422, "invalid_request", service)


def test_a_missing_file_is_refused(service, session_id):
    response = httpx.post(f"{service.http}/upload-audio", data={"session_id": session_id}, files={"other": b"x"})
    assert_refused(response, 422, "invalid_request", service)


def test_a_body_that_is_not_a_form_is_refused(service):
    response = httpx.post(f"{service.http}/upload-audio", content=b"{}", headers={"content-type": "application/json"})
    assert_refused(response, 422, "invalid_request", service)


def test_an_unsafe_output_file_name_is_refused(service, session_id):
    content = (FIXTURES / "speech.wav").read_bytes()
    response = post_upload(service, content, session_id, output_file_name="../../etc/passwd")
    assert_refused(response, 422, "invalid_value", service)


def test_a_declared_format_that_is_not_the_content_is_refused(service, session_id):
    content = (FIXTURES / "speech.wav").read_bytes()
    response = post_upload(service, content, session_id, media_format="mp3")
    assert_refused(response, 415, "unsupported_audio", service)


def test_an_unknown_job_is_not_found(service):
    for job_id in ("f" * 32, "not-an-id"):
        response = httpx.get(f"{service.http}/v1/jobs/{job_id}")
        assert response.status_code == 404 and response.json()["error"] == "job_not_found"
