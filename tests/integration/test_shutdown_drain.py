"""SIGTERM gives requests and running jobs one drain time between them, counted from the
signal: the job runners drain while uvicorn drains the requests, not after it. The app runs
in memory state with a scripted engine whose job never ends; the test plays DrainingServer's
part (the shutdown signal) while the client, like uvicorn draining, still serves requests.

An integration test: what it measures is wall time (a real drain of seconds on real threads),
which no fake clock can stand in for."""

from __future__ import annotations

import threading
import time

import pytest
from dependency_injector import providers
from litestar.testing import TestClient

from adapters.memory import ScriptedAudioProbe, ScriptedTranscriber
from adapters.memory.scripted_engine import FAKE_AUDIO_MAGIC
from domain.job import JobStatus
from domain.values import JobId
from entrypoints.container import build_container
from entrypoints.http.app import create_app
from entrypoints.settings import Settings
from tests.support.polling import wait_until

SPEECH = FAKE_AUDIO_MAGIC + b" pretend this is speech"
# Long enough that one drain and two drains are seconds apart, so the bounds below can be
# generous for a loaded machine and still tell the two apart.
DRAIN_SECONDS = 3.0
SLACK_SECONDS = 2.0


@pytest.fixture
def service():
    settings = Settings(storage="memory", shutdown_drain_seconds=DRAIN_SECONDS, job_retention_seconds=0)
    container = build_container(settings.validate())
    started, release = threading.Event(), threading.Event()
    never_ending = ScriptedTranscriber("never said")
    never_ending.on_call = lambda: (started.set(), release.wait(30))
    container.transcriber.override(providers.Object(never_ending))
    container.audio_probe.override(providers.Object(ScriptedAudioProbe()))
    try:
        yield container, create_app(container, warm_up=False), started
    finally:
        release.set()  # lets the abandoned transcription thread end


def _running_job(client: TestClient, started: threading.Event) -> str:
    answer = client.post("/v1/jobs", files={"file": ("a.wav", SPEECH)})
    assert answer.status_code == 202, answer.text
    assert started.wait(5), "the job never started"
    return answer.json()["id"]


def _status_within(client: TestClient, job_id: str, status: str, seconds: float) -> float | None:
    """When the job reached `status` (time.monotonic()), or None if it did not in time."""
    if wait_until(lambda: client.get(f"/v1/jobs/{job_id}").json()["status"] == status, seconds, every=0.02):
        return time.monotonic()
    return None


def test_a_job_outliving_the_drain_time_fails_that_long_after_the_signal_while_requests_still_drain(service):
    container, app, started = service
    with TestClient(app, base_url="http://127.0.0.1") as client:
        job_id = _running_job(client, started)

        signalled = time.monotonic()
        container.shutdown_signal().begin()  # what DrainingServer does on SIGTERM
        failed_at = _status_within(client, job_id, "FAILED", seconds=DRAIN_SECONDS + SLACK_SECONDS)

        assert failed_at is not None, "the jobs' drain waited for the requests' drain to end"
        assert DRAIN_SECONDS * 0.9 <= failed_at - signalled < DRAIN_SECONDS + SLACK_SECONDS
        assert "drain time of 3 s passed" in client.get(f"/v1/jobs/{job_id}").json()["error"]
        requests_drained = time.monotonic()
    # What is left once the requests have drained takes no second drain time.
    assert time.monotonic() - requests_drained < DRAIN_SECONDS


def test_stopping_without_a_signal_still_drains_the_jobs_within_one_drain_time(service):
    container, app, started = service
    with TestClient(app, base_url="http://127.0.0.1") as client:
        job_id = _running_job(client, started)
        leaving = time.monotonic()
    stopped = time.monotonic() - leaving

    assert DRAIN_SECONDS * 0.9 <= stopped < DRAIN_SECONDS + SLACK_SECONDS
    assert container.job_repository().get(JobId(job_id)).status is JobStatus.FAILED
    assert container.shutdown_signal().stopping
