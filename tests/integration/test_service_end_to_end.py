"""The real service under uvicorn, a real WebSocket client, real speech, the real model."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.integration.service import RunningService, start_service
from tests.support.sockets import next_message, nothing_more_than_pong

pytestmark = pytest.mark.slow
FIXTURES = Path(__file__).parent / "fixtures"


def words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", text.lower()).split())


@pytest.fixture(scope="module")
def service(tmp_path_factory) -> RunningService:
    running = start_service(
        tmp_path_factory.mktemp("e2e") / "data",
        env={"VOXRELAY_MAX_UPLOAD_BYTES": "1000000", "VOXRELAY_SESSION_TTL_SECONDS": "120"},
    )
    yield running
    running.stop()


def receive(ws, timeout: float = 120) -> dict:
    return next_message(ws, timeout)


def upload(service: RunningService, path: Path, session_id: str, **fields: str) -> httpx.Response:
    with path.open("rb") as audio:
        return httpx.post(
            f"{service.http}/upload-audio",
            files={"file": (path.name, audio, "application/octet-stream")},
            data={"session_id": session_id, **fields},
            timeout=60,
        )


def test_uploaded_speech_is_transcribed_and_pushed_to_the_socket_of_its_session(service):
    with connect(f"{service.ws}/notification") as ws:
        greeting = receive(ws, 10)
        session_id = greeting["session_id"]
        assert len(session_id) >= 22

        response = upload(service, FIXTURES / "speech.wav", session_id, output_file_name="fox-test")
        assert response.status_code == 202, response.text
        job = response.json()
        for key in ("id", "status", "created_at", "updated_at", "output_file_name", "language", "error"):
            assert key in job
        assert job["status"] == "QUEUED" and job["output_file_name"] == "fox-test"

        pushed = receive(ws)
    assert pushed["type"] == "job.completed"
    assert pushed["job"]["id"] == job["id"] == pushed["job_id"]
    assert pushed["job"]["status"] == "COMPLETED"
    text = words(pushed["transcript"]["text"])
    assert "quick brown fox" in text and "lazy dog" in text
    assert "bring these things" in text
    assert pushed["transcript"]["segments"][0]["words"][0]["start"] >= 0

    stored = httpx.get(f"{service.http}/v1/jobs/{job['id']}").json()
    assert stored["status"] == "COMPLETED"
    assert words(stored["transcript"]["text"]) == text


def test_a_result_that_finishes_while_the_client_is_away_arrives_when_it_reconnects(service):
    with connect(f"{service.ws}/notification") as ws:
        session_id = receive(ws, 10)["session_id"]
    job = upload(service, FIXTURES / "speech.ogg", session_id).json()
    assert service.wait_for_job(job["id"])["status"] == "COMPLETED"

    with connect(f"{service.ws}/notification?session_id={session_id}") as ws:
        assert receive(ws, 10) == {"session_id": session_id}
        pushed = receive(ws, 10)
    assert pushed["type"] == "job.completed" and pushed["job_id"] == job["id"]
    assert "lazy dog" in words(pushed["transcript"]["text"])

    # Delivery is at least once: a reconnect at the very instant of delivery may see the
    # same job again (clients drop it by job_id), but never another job or anything new.
    time.sleep(0.5)
    with connect(f"{service.ws}/notification?session_id={session_id}") as ws:
        receive(ws, 10)
        assert all(message["job_id"] == job["id"] for message in nothing_more_than_pong(ws))


@pytest.mark.parametrize(
    "name, media_format",
    [("speech.mp3", "mp3"), ("speech.m4a", "m4a"), ("speech.webm", "webm"), ("speech.flac", "flac")],
)
def test_v1_jobs_accepts_compressed_audio_and_detects_its_format(service, name, media_format):
    with (FIXTURES / name).open("rb") as audio:
        response = httpx.post(f"{service.http}/v1/jobs", files={"file": (name, audio)}, timeout=60)
    assert response.status_code == 202, response.text
    job = response.json()
    assert response.headers["location"] == f"/v1/jobs/{job['id']}"
    assert job["media_format"] == media_format
    done = service.wait_for_job(job["id"])
    assert done["status"] == "COMPLETED", done
    assert "lazy dog" in words(done["transcript"]["text"])


def test_a_message_that_is_not_json_gets_an_error_and_the_socket_stays_open(service):
    with connect(f"{service.ws}/notification") as ws:
        receive(ws, 10)
        ws.send("not json")
        assert receive(ws, 10)["error"] == "invalid_message"
        ws.send(json.dumps({"type": "ping"}))
        assert receive(ws, 10) == {"type": "pong"}


def test_unknown_session_on_reconnect_is_refused_with_a_reason(service):
    with connect(f"{service.ws}/notification?session_id={'x' * 32}") as ws:
        message = receive(ws, 10)
        assert message["error"] == "session_not_found"
        with pytest.raises(ConnectionClosed):
            ws.recv(timeout=5)
        assert ws.close_code == 4404


def test_metrics_count_what_happened_and_readiness_reports_the_model(service):
    with connect(f"{service.ws}/notification") as ws:
        session_id = receive(ws, 10)["session_id"]
        upload(service, FIXTURES / "speech.wav", session_id)
        assert receive(ws)["type"] == "job.completed"
    metrics = httpx.get(f"{service.http}/metrics").text
    finished = re.search(r'voxrelay_jobs_finished_total\{status="COMPLETED"\} (\d+)', metrics)
    assert finished and int(finished.group(1)) >= 1
    assert re.search(r"voxrelay_push_latency_seconds_count [1-9]", metrics)
    ready = httpx.get(f"{service.http}/readyz")
    assert ready.status_code == 200
    pools = {"request_threads": "ok", "upload_threads": "ok", "sync_transcriptions": "ok"}
    assert ready.json() == {"status": "ready", "checks": {**pools, "storage": "ok", "model": "ok"}}


def test_openapi_schema_and_health_are_served(service):
    assert httpx.get(f"{service.http}/healthz").json() == {"status": "ok"}
    schema = httpx.get(f"{service.http}/schema/openapi.json").json()
    assert "/upload-audio" in schema["paths"] and "/v1/jobs/{job_id}" in schema["paths"]
