"""Redis down at upload: a quick, clear 503, no audio left behind, and recovery when it returns.

One `voxrelay serve` in redis state with its in-process worker: the one-command set-up."""

from __future__ import annotations

import time

import pytest
from websockets.sync.client import connect

from tests.integration.redis_processes import FIXTURES, open_session, receive, redis_env, upload
from tests.integration.service import start_service
from tests.redis_server import redis_server_fixture

pytestmark = pytest.mark.slow
outage_redis = redis_server_fixture("outage_redis")


def test_an_upload_while_redis_is_down_is_refused_with_503_and_leaves_nothing(outage_redis, tmp_path):
    service = start_service(tmp_path / "data", redis_env(outage_redis.url))
    try:
        with connect(f"{service.ws}/notification") as ws:
            session_id = open_session(ws)
            assert upload(service, FIXTURES / "speech.wav", session_id).status_code == 202
            assert receive(ws)["type"] == "job.completed"
            kept_before = set(service.stored_audio())

            outage_redis.stop()
            started = time.monotonic()
            refused = upload(service, FIXTURES / "speech.wav", session_id)
            assert time.monotonic() - started < 5
            assert refused.status_code == 503
            assert refused.json()["error"] == "service_unavailable"
            assert refused.headers["retry-after"]
            assert set(service.stored_audio()) <= kept_before  # nothing new (a finished job's went)

        outage_redis.start()  # empty: sessions did not survive, a client opens a new one
        with connect(f"{service.ws}/notification") as ws:
            session_id = open_session(ws)
            accepted = upload(service, FIXTURES / "speech.wav", session_id)
            assert accepted.status_code == 202, accepted.text
            pushed = receive(ws, 60)
            assert pushed["type"] == "job.completed" and pushed["job_id"] == accepted.json()["id"]
    finally:
        if not outage_redis.running:
            outage_redis.start()
        service.stop()
