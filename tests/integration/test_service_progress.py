"""A long-ish job reports its progress over the real WebSocket before its result."""

from __future__ import annotations

import json

import httpx
import pytest
from websockets.sync.client import connect

from tests.integration.redis_processes import repeated_speech
from tests.integration.service import start_service

pytestmark = pytest.mark.slow


def test_a_long_job_pushes_progress_to_its_session_before_it_is_completed(tmp_path):
    # three minutes in six copies, one per 30 s window: several segments, each more than the
    # 1 s progress interval apart, decoded at temperature 0 (see repeated_speech)
    audio = repeated_speech(tmp_path / "long.wav", 6, gap_seconds=20)
    service = start_service(tmp_path / "data")
    try:
        with connect(f"{service.ws}/notification") as ws:
            session_id = json.loads(ws.recv(timeout=10))["session_id"]
            with audio.open("rb") as body:
                response = httpx.post(
                    f"{service.http}/upload-audio",
                    files={"file": (audio.name, body)},
                    data={"session_id": session_id},
                    timeout=60,
                )
            assert response.status_code == 202
            job_id = response.json()["id"]
            messages = []
            while not messages or messages[-1]["type"] == "job.progress":
                messages.append(json.loads(ws.recv(timeout=120)))
    finally:
        service.stop()
    progress = [m for m in messages if m["type"] == "job.progress"]
    assert messages[-1]["type"] == "job.completed" and messages[-1]["job_id"] == job_id
    assert progress, "no job.progress before job.completed"
    assert all(m["job_id"] == job_id and 0 < m["progress"] <= 1 for m in progress)
    assert [m["progress"] for m in progress] == sorted(m["progress"] for m in progress)
