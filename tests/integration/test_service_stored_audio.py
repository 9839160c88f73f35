"""Stored audio on the real service: a job's audio goes when the job ends, and a key over
its storage quota is refused (413 storage_quota_exceeded) with nothing kept."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from tests.integration.redis_processes import repeated_speech
from tests.integration.service import RunningService, start_service
from tests.support.polling import FINAL, job_reaching

pytestmark = pytest.mark.slow
FIXTURES = Path(__file__).parent / "fixtures"
KEY = "audio-key-0123456"
QUOTA = 2_600_000  # two four-times-the-speech WAVs (1.26 MB each), not one ten-times (3.1 MB)


@pytest.fixture(scope="module")
def service(tmp_path_factory) -> RunningService:
    running = start_service(
        tmp_path_factory.mktemp("stored-audio") / "data",
        env={
            "VOXRELAY_API_KEYS": KEY,
            "VOXRELAY_MAX_ACTIVE_JOBS_PER_KEY": "1",
            "VOXRELAY_MAX_STORED_BYTES_PER_KEY": str(QUOTA),
            "VOXRELAY_WHISPER_BEAM_SIZE": "1",
        },
    )
    yield running
    running.stop()


def post_job(service: RunningService, path: Path) -> httpx.Response:
    with path.open("rb") as audio:
        return httpx.post(
            f"{service.http}/v1/jobs", files={"file": ("a.wav", audio)}, headers={"X-API-Key": KEY}, timeout=60
        )


def test_submit_then_cancel_under_a_cap_of_one_active_job_leaves_no_audio(service, tmp_path):
    long_audio = repeated_speech(tmp_path / "long.wav", 4)
    for _ in range(5):
        submitted = post_job(service, long_audio)
        assert submitted.status_code == 202, submitted.text
        cancelled = httpx.post(
            f"{service.http}/v1/jobs/{submitted.json()['id']}/cancel", headers={"X-API-Key": KEY}, timeout=30
        )
        assert cancelled.status_code == 200 and cancelled.json()["status"] == "CANCELLED"
        assert service.stored_audio() == []


def test_an_upload_past_the_quota_is_refused_and_nothing_of_it_is_kept(service, tmp_path):
    too_much = repeated_speech(tmp_path / "huge.wav", 10)
    assert too_much.stat().st_size > QUOTA
    refused = post_job(service, too_much)
    assert refused.status_code == 413 and refused.json()["error"] == "storage_quota_exceeded"
    assert service.stored_audio() == []


def test_a_completed_job_leaves_no_audio_behind(service):
    submitted = post_job(service, FIXTURES / "speech.wav")
    assert submitted.status_code == 202, submitted.text
    job_id = submitted.json()["id"]
    assert _wait(service, job_id)["status"] == "COMPLETED"
    deadline = time.monotonic() + 5  # the audio goes just after the final state is saved
    while service.stored_audio() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert service.stored_audio() == []
    transcript = httpx.get(f"{service.http}/v1/jobs/{job_id}/transcript", headers={"X-API-Key": KEY}, timeout=30)
    assert transcript.status_code == 200 and transcript.json()["text"]


def _wait(service: RunningService, job_id: str) -> dict:
    url = f"{service.http}/v1/jobs/{job_id}"
    return job_reaching(lambda: httpx.get(url, headers={"X-API-Key": KEY}, timeout=30).json(), FINAL)
