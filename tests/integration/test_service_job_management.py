"""Listing, cancelling and deleting jobs on the real service."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from tests.integration.service import RunningService, start_service

pytestmark = pytest.mark.slow
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def service(tmp_path_factory) -> RunningService:
    running = start_service(tmp_path_factory.mktemp("manage") / "data")
    yield running
    running.stop()


def submit(service: RunningService, name: str = "speech.wav") -> dict:
    with (FIXTURES / name).open("rb") as audio:
        response = httpx.post(f"{service.http}/v1/jobs", files={"file": (name, audio)}, timeout=60)
    assert response.status_code == 202, response.text
    return response.json()


def test_jobs_are_listed_newest_first_a_page_at_a_time(service):
    ids = [submit(service)["id"] for _ in range(3)]
    first = httpx.get(f"{service.http}/v1/jobs", params={"limit": 2}).json()
    second = httpx.get(f"{service.http}/v1/jobs", params={"limit": 2, "cursor": first["next_cursor"]}).json()
    listed = [j["id"] for j in first["jobs"] + second["jobs"]]
    assert listed[:3] == list(reversed(ids))
    for job_id in ids:
        service.wait_for_job(job_id, frozenset({"COMPLETED"}))
    done = httpx.get(f"{service.http}/v1/jobs", params={"status": "completed"}).json()["jobs"]
    assert set(ids) <= {j["id"] for j in done}


def test_bad_listing_parameters_are_clear_400s(service):
    assert httpx.get(f"{service.http}/v1/jobs", params={"status": "sleeping"}).status_code == 422
    assert httpx.get(f"{service.http}/v1/jobs", params={"cursor": "garbage"}).status_code == 422
    assert httpx.get(f"{service.http}/v1/jobs", params={"limit": 0}).status_code == 400


def test_a_queued_job_can_be_cancelled_with_its_audio_and_then_deleted(service):
    blocker = submit(service)  # occupies the single runner
    job = submit(service)
    cancelled = httpx.post(f"{service.http}/v1/jobs/{job['id']}/cancel")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "CANCELLED"
    service.wait_for_job(blocker["id"], frozenset({"COMPLETED"}))
    assert httpx.get(f"{service.http}/v1/jobs/{job['id']}").json()["status"] == "CANCELLED"
    assert no_audio_left(service)  # the cancel took its audio, the completion the blocker's
    assert httpx.delete(f"{service.http}/v1/jobs/{job['id']}").status_code == 204
    assert httpx.get(f"{service.http}/v1/jobs/{job['id']}").status_code == 404
    assert httpx.delete(f"{service.http}/v1/jobs/{job['id']}").status_code == 404


def test_a_finished_job_cannot_be_cancelled_but_can_be_deleted(service):
    job = submit(service)
    service.wait_for_job(job["id"], frozenset({"COMPLETED"}))
    refused = httpx.post(f"{service.http}/v1/jobs/{job['id']}/cancel")
    assert refused.status_code == 409 and refused.json()["error"] == "conflict"
    assert httpx.delete(f"{service.http}/v1/jobs/{job['id']}").status_code == 204
    assert httpx.get(f"{service.http}/v1/jobs/{job['id']}/transcript").status_code == 404


def test_a_running_job_is_refused_deletion_until_cancelled(service):
    long_audio = Path(__file__).resolve().parents[3] / "shared/eval/public/ljspeech_LJ001-0017_to_0032_concat.wav"
    if not long_audio.exists():
        pytest.skip("needs ../shared/eval/public (a 103 s clip) to catch a job while it runs")
    with long_audio.open("rb") as audio:
        job = httpx.post(f"{service.http}/v1/jobs", files={"file": ("long.wav", audio)}, timeout=60).json()
    service.wait_for_job(job["id"], frozenset({"IN_PROGRESS"}))
    refused = httpx.delete(f"{service.http}/v1/jobs/{job['id']}")
    assert refused.status_code == 409 and refused.json()["error"] == "job_in_progress"
    assert httpx.post(f"{service.http}/v1/jobs/{job['id']}/cancel").json()["status"] == "CANCELLED"
    # Cancelled is final at once (the engine stops at its next progress report), so it may go.
    assert httpx.delete(f"{service.http}/v1/jobs/{job['id']}").status_code == 204
    # The runner is free again soon: a new short job completes.
    assert service.wait_for_job(submit(service)["id"], frozenset({"COMPLETED"}), timeout=30)["status"] == "COMPLETED"


def no_audio_left(service: RunningService, within: float = 5.0) -> bool:
    """A job's audio goes just after its final state is saved: give that a moment."""
    deadline = time.monotonic() + within
    while service.stored_audio() and time.monotonic() < deadline:
        time.sleep(0.05)
    return service.stored_audio() == []
