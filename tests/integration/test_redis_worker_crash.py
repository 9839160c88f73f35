"""A worker killed mid-job: another worker reclaims the job, completes it, and it is pushed once."""

from __future__ import annotations

import pytest
from websockets.sync.client import connect

from tests.integration.redis_processes import (
    open_session,
    receive,
    redis_env,
    repeated_speech,
    upload,
    wait_for_status,
)
from tests.integration.service import start_service
from tests.redis_server import redis_server_fixture
from tests.support.sockets import nothing_more_than_pong

pytestmark = pytest.mark.slow
crash_redis = redis_server_fixture("crash_redis")
CLAIM_IDLE_SECONDS = 2


def test_a_job_whose_worker_was_killed_completes_on_another_worker_and_is_pushed_once(crash_redis, tmp_path):
    data_dir = tmp_path / "data"
    env = redis_env(crash_redis.url, VOXRELAY_QUEUE_CLAIM_IDLE_SECONDS=str(CLAIM_IDLE_SECONDS))
    api = start_service(data_dir, {**env, "VOXRELAY_WORKER": "false"})
    doomed = start_service(data_dir, env, command="worker")
    survivor = None
    try:
        with connect(f"{api.ws}/notification") as ws:
            session_id = open_session(ws)
            # about a minute, decoded at temperature 0 (see repeated_speech), so the text is sure
            long_audio = repeated_speech(tmp_path / "long.wav", times=3, gap_seconds=20)
            job = upload(api, long_audio, session_id).json()
            running = wait_for_status(api, job["id"], {"IN_PROGRESS", "COMPLETED", "FAILED"})
            assert running["status"] == "IN_PROGRESS"
            doomed.kill()

            survivor = start_service(data_dir, env, command="worker")
            pushed = receive(ws, timeout=120)
            assert pushed["type"] == "job.completed" and pushed["job_id"] == job["id"]
            assert pushed["job"]["attempts"] == 2
            assert "lazy dog" in pushed["transcript"]["text"].lower()
            assert nothing_more_than_pong(ws) == []
    finally:
        for process in (api, doomed, survivor):
            if process is not None and process.process.poll() is None:
                process.stop()
