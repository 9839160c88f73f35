"""API keys on the real service: who may submit, read and listen, and what the logs keep."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.integration.service import RunningService, start_service
from tests.support.sockets import next_message

pytestmark = pytest.mark.slow
FIXTURES = Path(__file__).parent / "fixtures"
KEY_A, KEY_B = "key-a-0123456789", "key-b-9876543210"


@pytest.fixture(scope="module")
def service(tmp_path_factory) -> RunningService:
    running = start_service(tmp_path_factory.mktemp("access") / "data", env={"VOXRELAY_API_KEYS": f"{KEY_A},{KEY_B}"})
    yield running
    running.stop()


def headers(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def new_session_id(service: RunningService, key: str) -> str:
    with connect(f"{service.ws}/notification?token={key}") as ws:
        return json.loads(ws.recv(timeout=10))["session_id"]


def upload(service: RunningService, key: str, **data) -> httpx.Response:
    with (FIXTURES / "speech.wav").open("rb") as audio:
        return httpx.post(
            f"{service.http}/v1/jobs", files={"file": ("a.wav", audio)}, data=data, headers=headers(key), timeout=60
        )


def test_requests_without_a_valid_key_are_refused_but_health_is_open(service):
    assert httpx.get(f"{service.http}/healthz").status_code == 200
    for sent in ({}, headers("wrong"), {"X-API-Key": "wrong"}):
        response = httpx.get(f"{service.http}/v1/jobs/{'f' * 32}", headers=sent)
        assert response.status_code == 401 and response.json()["detail"]
    assert httpx.get(f"{service.http}/v1/jobs/{'f' * 32}", headers={"X-API-Key": KEY_A}).status_code == 404
    assert service.stored_audio() == []


def test_a_socket_without_a_key_is_closed_as_unauthorized(service):
    with connect(f"{service.ws}/notification") as ws:
        ws.send(json.dumps({"type": "auth", "api_key": "wrong"}))
        assert json.loads(ws.recv(timeout=10))["error"] == "unauthorized"
        with pytest.raises(ConnectionClosed):
            ws.recv(timeout=5)
        assert ws.close_code == 4401


def test_a_socket_may_send_its_key_as_a_first_message(service):
    with connect(f"{service.ws}/notification") as ws:
        ws.send(json.dumps({"type": "auth", "api_key": KEY_A}))
        assert "session_id" in json.loads(ws.recv(timeout=10))


def test_a_job_is_seen_only_by_the_key_that_submitted_it_and_pushed_to_its_session(service):
    with connect(f"{service.ws}/notification?token={KEY_A}") as ws:
        session_id = json.loads(ws.recv(timeout=10))["session_id"]
        response = upload(service, KEY_A, session_id=session_id)
        assert response.status_code == 202, response.text
        job_id = response.json()["id"]
        pushed = next_message(ws, 120)
    assert pushed["job_id"] == job_id
    assert httpx.get(f"{service.http}/v1/jobs/{job_id}", headers=headers(KEY_A)).json()["status"] == "COMPLETED"
    other = httpx.get(f"{service.http}/v1/jobs/{job_id}", headers=headers(KEY_B))
    assert other.status_code == 404 and other.json()["error"] == "job_not_found"
    assert httpx.get(f"{service.http}/v1/jobs/{job_id}/transcript", headers=headers(KEY_B)).status_code == 404


def test_another_keys_session_can_be_neither_used_nor_resumed(service):
    session_id = new_session_id(service, KEY_A)
    before = set(service.stored_audio())
    refused = upload(service, KEY_B, session_id=session_id)
    assert refused.status_code == 404 and refused.json()["error"] == "session_not_found"
    assert set(service.stored_audio()) <= before  # nothing new (an ended job takes its own)
    with connect(f"{service.ws}/notification?token={KEY_B}&session_id={session_id}") as ws:
        assert json.loads(ws.recv(timeout=10))["error"] == "session_not_found"


def test_keys_and_session_tokens_never_reach_the_log(service):
    session_id = new_session_id(service, KEY_A)
    with connect(f"{service.ws}/notification?token={KEY_A}&session_id={session_id}") as resumed:
        resumed.recv(timeout=10)
    log = service.log()
    assert "/notification" in log  # the access log is there...
    assert KEY_A not in log and KEY_B not in log and session_id not in log  # ...without the secrets
