"""QueueWorker on a RedisJobQueue over fakeredis, running the use cases on memory adapters."""

from __future__ import annotations

import fakeredis
import pytest

from adapters.redis import RedisJobQueue
from application.errors import DependencyUnavailable
from application.use_cases import RunTranscription, RunTranscriptionCommand, SubmitAudioCommand
from domain.job import JobStatus
from entrypoints.queue_worker import QueueWorker
from tests.support.polling import wait_until


@pytest.fixture
def client() -> fakeredis.FakeRedis:
    return fakeredis.FakeRedis(server=fakeredis.FakeServer())


@pytest.fixture
def queue(client) -> RedisJobQueue:
    return RedisJobQueue(client, max_attempts=2, claim_idle_ms=1000)


def queued(world, queue):
    job = world.submit.execute(SubmitAudioCommand(world.upload()))
    queue.dispatch(job)
    return job


def run_until(worker: QueueWorker, done, timeout: float = 5.0) -> None:
    worker.start()
    try:
        wait_until(done, timeout, every=0.02)
    finally:
        assert worker.stop(drain_seconds=5)
    assert done()


def a_worker(world, queue, run=None) -> QueueWorker:
    return QueueWorker(queue, run or world.run, world.fail, concurrency=2, claim_idle_seconds=1, block_ms=50)


def test_a_queued_job_is_run_to_completion_and_then_acked(world, queue):
    job = queued(world, queue)
    run_until(a_worker(world, queue), lambda: queue.depth() == 0)
    assert world.jobs.get(job.id).status is JobStatus.COMPLETED


def test_an_exhausted_message_fails_its_job_with_the_reason_and_is_acked(world, queue, client):
    job = queued(world, queue)
    queue.claim_idle_ms = 0
    queue.consume("worker-that-died")
    queue.reclaim("another-that-died")  # the worker's own reclaim is the third delivery
    run_until(a_worker(world, queue), lambda: queue.depth() == 0)
    failed = world.jobs.get(job.id)
    assert failed.status is JobStatus.FAILED and "gave up after 2 attempts" in failed.error


def test_a_message_that_names_no_job_is_acked_without_failing_anything(world, queue, client):
    client.xadd(queue.stream, {"job_id": "not a job id"})
    run_until(a_worker(world, queue), lambda: queue.depth() == 0)
    assert all(job.status is JobStatus.QUEUED for job in world.jobs.jobs.values())


class StoreDownRun(RunTranscription):
    def __init__(self) -> None:
        self.calls = 0

    def execute(self, command: RunTranscriptionCommand):
        self.calls += 1
        raise DependencyUnavailable("job repository unavailable: cannot reach Redis")


def test_a_job_whose_store_is_down_is_not_acked_so_it_runs_again_later(world, queue):
    queued(world, queue)
    run = StoreDownRun()
    run_until(a_worker(world, queue, run), lambda: run.calls >= 1)
    assert queue.depth() == 1
