"""Two API replicas (--no-worker) and one worker process on a real redis-server."""

from __future__ import annotations

import pytest
from websockets.sync.client import connect

from tests.integration.redis_processes import (
    FIXTURES,
    open_session,
    receive,
    redis_env,
    upload,
    wait_for_status,
)
from tests.integration.service import start_service
from tests.redis_server import redis_server_fixture
from tests.support.sockets import nothing_more_than_pong

pytestmark = pytest.mark.slow
scale_out_redis = redis_server_fixture("scale_out_redis")


@pytest.fixture(scope="module")
def cluster(scale_out_redis, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("scale-out") / "data"  # one disk, shared as on one machine
    env = redis_env(scale_out_redis.url.replace("/0", "/1"))
    started = []
    try:
        for _ in range(2):
            started.append(start_service(data_dir, {**env, "VOXRELAY_WORKER": "false"}))
        started.append(start_service(data_dir, env, command="worker"))
        yield started
    finally:
        for process in started:
            process.stop()


def test_a_transcript_uploaded_through_one_replica_reaches_the_socket_held_by_the_other(cluster):
    replica_a, replica_b, _worker = cluster
    with connect(f"{replica_a.ws}/notification") as ws:
        session_id = open_session(ws)
        response = upload(replica_b, FIXTURES / "speech.wav", session_id)
        assert response.status_code == 202, response.text

        pushed = receive(ws)
        assert pushed["type"] == "job.completed" and pushed["job_id"] == response.json()["id"]
        assert "lazy dog" in pushed["transcript"]["text"].lower()
        assert nothing_more_than_pong(ws) == []  # pushed once


def test_a_client_that_left_before_its_job_ended_gets_it_on_reconnecting_to_the_other_replica(cluster):
    replica_a, replica_b, _worker = cluster
    with connect(f"{replica_a.ws}/notification") as ws:
        session_id = open_session(ws)
        job = upload(replica_a, FIXTURES / "speech.ogg", session_id).json()
    assert wait_for_status(replica_a, job["id"], {"COMPLETED", "FAILED"})["status"] == "COMPLETED"

    with connect(f"{replica_b.ws}/notification?session_id={session_id}") as ws:
        assert receive(ws, 10) == {"session_id": session_id}
        pushed = receive(ws, 10)
        assert pushed["job_id"] == job["id"] and pushed["type"] == "job.completed"
        assert nothing_more_than_pong(ws) == []
    with connect(f"{replica_a.ws}/notification?session_id={session_id}") as ws:
        assert receive(ws, 10) == {"session_id": session_id}
        assert nothing_more_than_pong(ws) == []  # delivered means no longer pending anywhere
