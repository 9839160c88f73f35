"""The embedded runner takes waiting jobs in turns between API keys."""

import threading
from datetime import UTC, datetime, timedelta

import fakeredis
import pytest

from adapters.redis import RedisJobQueue
from application.use_cases import SubmitAudioCommand
from domain.job import TranscriptionJob
from domain.values import AudioReference, MediaFormat
from entrypoints.local_runner import LocalJobRunner
from entrypoints.queue_worker import QueueWorker
from entrypoints.round_robin import RoundRobinJobs
from tests.support.polling import all_final
from tests.unit.conftest import SPEECH


def job_of(owner, n=0):
    return TranscriptionJob.submit(
        audio=AudioReference(f"{owner}-{n}", 1),
        media_format=MediaFormat.WAV,
        now=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=n),
        owner=owner,
    )


def test_owners_with_waiting_jobs_take_turns_and_a_newcomer_goes_before_the_owner_served_last():
    waiting = RoundRobinJobs()
    for n in range(3):
        waiting.append(job_of("key-a", n))
    waiting.append(job_of("key-c"))
    assert waiting.popleft().owner == "key-a"
    waiting.append(job_of("key-b"))  # arrives while key-a's first job runs
    assert [j.owner for j in waiting] == ["key-c", "key-b", "key-a", "key-a"]
    assert [waiting.popleft().owner for _ in range(4)] == ["key-c", "key-b", "key-a", "key-a"]
    assert len(waiting) == 0 and list(waiting) == []


def test_a_key_that_queues_more_while_its_only_job_runs_keeps_its_place_behind_a_newcomer():
    waiting = RoundRobinJobs()
    waiting.append(job_of("key-a", 0))
    assert waiting.popleft().owner == "key-a"  # key-a has nothing waiting now
    for n in range(1, 20):
        waiting.append(job_of("key-a", n))
    waiting.append(job_of("key-b"))
    assert waiting.popleft().owner == "key-b"


def test_a_job_taken_out_of_turn_leaves_the_others_in_order():
    waiting = RoundRobinJobs()
    first, second, keyless = job_of("key-a", 0), job_of("key-a", 1), job_of(None)
    for job in (first, second, keyless):
        waiting.append(job)
    waiting.remove(first)
    assert [waiting.popleft() for _ in range(2)] == [second, keyless]
    assert len(waiting) == 0


class EmbeddedRunner:
    def __init__(self, world):
        self._runner = LocalJobRunner(world.run, world.fail, concurrency=1)

    def dispatch(self, job):
        self._runner.dispatch(job)

    def stop(self):
        self._runner.stop()


class RedisQueueWorker:
    def __init__(self, world):
        self._queue = RedisJobQueue(fakeredis.FakeRedis(server=fakeredis.FakeServer()), claim_idle_ms=5000)
        self._worker = QueueWorker(self._queue, world.run, world.fail, concurrency=1, claim_idle_seconds=5, block_ms=50)
        self._worker.start()

    def dispatch(self, job):
        self._queue.dispatch(job)

    def stop(self):
        assert self._worker.stop(drain_seconds=5)


@pytest.mark.parametrize("runner_kind", [EmbeddedRunner, RedisQueueWorker], ids=["embedded", "redis-queue"])
def test_one_key_b_job_starts_when_the_running_job_of_key_a_ends_however_many_key_a_queued(world, runner_kind):
    started, release = [], threading.Event()
    first_started = threading.Event()

    def hold_the_first_job():
        started.append(world.transcriber.calls[-1][0])
        first_started.set()
        release.wait(5)

    world.transcriber.on_call = hold_the_first_job
    runner = runner_kind(world)

    def submit(owner):
        job = world.submit.execute(SubmitAudioCommand(world.upload(SPEECH + owner.encode()), owner=owner))
        runner.dispatch(job)
        return job

    theirs = [submit("key-a") for _ in range(100)]
    assert first_started.wait(5)
    mine = submit("key-b")
    release.set()
    all_final(lambda: [world.jobs.get(j.id).status for j in [*theirs, mine]], 30)
    runner.stop()
    assert [audio.endswith(b"key-b") for audio in started[:3]] == [False, True, False]
    assert len(started) == 101
