"""JobQueueCases: the behaviour every JobQueue adapter promises (RedisJobQueue on fakeredis and a real server).

A subclass provides the fixture `client` (a redis.Redis with an empty database) and may
override `advance(seconds)`, which lets the server's time pass (default: really sleep). Not
named test_* so it is collected only through its subclasses.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from adapters.redis import RedisJobQueue
from adapters.redis.owner_turns import OwnerTurns
from domain.job import TranscriptionJob
from domain.values import AudioReference, MediaFormat

IDLE_MS = 150


def a_job(owner: str | None = None) -> TranscriptionJob:
    return TranscriptionJob.submit(
        audio=AudioReference("k", 1), media_format=MediaFormat.WAV, now=datetime.now(UTC), owner=owner
    )


PAST_IDLE_SECONDS = IDLE_MS * 1.5 / 1000


class JobQueueCases:
    @pytest.fixture
    def advance(self) -> Callable[[float], None]:
        return time.sleep

    @pytest.fixture
    def wait_past_idle(self, advance) -> Callable[[], None]:
        return lambda: advance(PAST_IDLE_SECONDS)

    @pytest.fixture
    def queue(self, client) -> RedisJobQueue:
        queue = RedisJobQueue(client, max_attempts=2, claim_idle_ms=IDLE_MS)
        queue.ensure_group()
        return queue

    def test_a_dispatched_job_is_consumed_once_as_a_first_delivery(self, queue) -> None:
        job = a_job()
        queue.dispatch(job)
        [message] = queue.consume("worker-1")
        assert (message.job_id, message.delivery_count, message.exhausted) == (job.id.value, 1, False)
        assert queue.consume("worker-2") == []

    def test_jobs_are_consumed_in_the_order_dispatched(self, queue) -> None:
        jobs = [a_job() for _ in range(3)]
        for job in jobs:
            queue.dispatch(job)
        assert [m.job_id for m in queue.consume("worker-1", count=10)] == [j.id.value for j in jobs]

    def test_an_empty_queue_gives_nothing_after_waiting(self, queue) -> None:
        started = time.monotonic()
        assert queue.consume("worker-1", block_ms=100) == []
        assert time.monotonic() - started < 5

    def test_a_dispatch_before_any_worker_started_is_not_lost(self, client) -> None:
        job = a_job()
        RedisJobQueue(client).dispatch(job)
        assert [m.job_id for m in RedisJobQueue(client).consume("worker-1")] == [job.id.value]

    def test_depth_counts_jobs_until_they_are_acked(self, queue) -> None:
        queue.dispatch(a_job())
        queue.dispatch(a_job())
        [running] = queue.consume("worker-1")
        assert queue.depth() == 2
        queue.ack(running)
        assert queue.depth() == 1

    def test_an_acked_message_is_never_delivered_again(self, queue, wait_past_idle) -> None:
        queue.dispatch(a_job())
        [message] = queue.consume("worker-1")
        queue.ack(message)
        wait_past_idle()
        assert queue.reclaim("worker-2") == []
        assert queue.consume("worker-2") == []

    def test_an_unacked_message_is_reclaimed_by_another_worker_after_the_idle_time(self, queue, wait_past_idle) -> None:
        job = a_job()
        queue.dispatch(job)
        queue.consume("worker-that-dies")
        assert queue.reclaim("worker-2") == []
        wait_past_idle()
        [message] = queue.reclaim("worker-2")
        assert (message.job_id, message.delivery_count, message.exhausted) == (job.id.value, 2, False)

    def test_a_message_kept_alive_by_its_worker_is_not_reclaimed(self, queue, advance) -> None:
        queue.dispatch(a_job())
        [message] = queue.consume("worker-1")
        for _ in range(3):
            advance(IDLE_MS / 2 / 1000)
            assert queue.extend("worker-1", message)
        assert queue.reclaim("worker-2") == []

    def test_a_worker_that_lost_its_message_cannot_keep_it_alive(self, queue, wait_past_idle) -> None:
        queue.dispatch(a_job())
        [stalled] = queue.consume("worker-1")
        wait_past_idle()
        [taken_over] = queue.reclaim("worker-2")
        assert not queue.extend("worker-1", stalled)
        assert queue.extend("worker-2", taken_over)
        queue.ack(taken_over)
        assert not queue.extend("worker-2", taken_over)

    def test_a_message_delivered_more_than_max_attempts_is_exhausted(self, queue, wait_past_idle) -> None:
        queue.dispatch(a_job())
        deliveries = queue.consume("worker-1")
        for worker in ("worker-2", "worker-3"):
            wait_past_idle()
            deliveries += queue.reclaim(worker)
        assert [(m.delivery_count, m.exhausted) for m in deliveries] == [(1, False), (2, False), (3, True)]

    def test_a_poison_message_does_not_block_the_jobs_behind_it(self, queue, client) -> None:
        client.xadd(queue.stream, {"job_id": "not-a-job-id"})
        client.xadd(queue.stream, {"something": "else"})
        good = a_job()
        queue.dispatch(good)
        poison, empty, message = queue.consume("worker-1", count=10)
        assert (poison.job_id, empty.job_id, message.job_id) == ("not-a-job-id", "", good.id.value)
        queue.ack(message)
        assert queue.depth() == 2

    def test_a_poison_message_never_acked_ends_exhausted(self, queue, client, wait_past_idle) -> None:
        client.xadd(queue.stream, {"job_id": "not-a-job-id"})
        seen = queue.consume("worker-1")
        while not seen[-1].exhausted:
            wait_past_idle()
            seen += queue.reclaim("worker-1")
        queue.ack(seen[-1])
        assert len(seen) == 3 and queue.depth() == 0

    def test_the_group_is_recreated_if_redis_lost_it(self, queue, client) -> None:
        client.delete(queue.stream)
        job = a_job()
        queue.dispatch(job)
        assert [m.job_id for m in queue.consume("worker-1")] == [job.id.value]
        assert queue.reclaim("worker-1") == []

    def test_another_keys_job_is_next_once_one_running_job_ends_however_many_one_key_queued(self, queue) -> None:
        theirs = [a_job("key-a") for _ in range(100)]
        for job in theirs:
            queue.dispatch(job)
        [running] = queue.consume("worker-1")
        mine = a_job("key-b")
        queue.dispatch(mine)
        queue.ack(running)
        [next_one] = queue.consume("worker-1")
        assert next_one.job_id == mine.id.value
        queue.ack(next_one)
        assert [m.job_id for m in queue.consume("worker-1", count=200)] == [j.id.value for j in theirs[1:]]

    def test_a_key_that_queues_more_while_its_only_job_runs_keeps_its_place_behind_the_others(self, queue) -> None:
        queue.dispatch(a_job("key-a"))
        [running] = queue.consume("worker-1")  # key-a has nothing waiting now
        for _ in range(20):
            queue.dispatch(a_job("key-a"))
        mine = a_job("key-b")
        queue.dispatch(mine)
        queue.ack(running)
        assert queue.consume("worker-1")[0].job_id == mine.id.value

    def test_turns_alternate_between_keys_in_the_order_they_arrived(self, queue) -> None:
        owners = ("key-a", None, "key-c")  # None: keyless jobs wait as one owner
        jobs = {owner: [a_job(owner) for _ in range(3)] for owner in owners}
        for owner in owners:
            for job in jobs[owner]:
                queue.dispatch(job)
        delivered = [m.job_id for m in queue.consume("worker-1", count=20)]
        assert delivered == [jobs[o][n].id.value for n in range(3) for o in owners]

    def test_an_idle_consumer_waiting_for_work_gets_a_job_as_soon_as_it_is_dispatched(self, queue) -> None:
        assert queue.consume("worker-1") == []
        got: list = []
        waiting = threading.Thread(target=lambda: got.extend(queue.consume("worker-1", block_ms=3000)))
        started = time.monotonic()
        waiting.start()
        time.sleep(0.2)
        job = a_job("key-a")
        queue.dispatch(job)
        waiting.join(5)
        assert [m.job_id for m in got] == [job.id.value]
        assert time.monotonic() - started < 2.5  # woken by the dispatch, not by the end of the wait

    def test_a_job_let_onto_the_stream_by_a_consumer_that_died_before_reading_is_read_first(
        self, queue, client
    ) -> None:
        first, second = a_job("key-a"), a_job("key-b")
        queue.dispatch(first)
        queue.dispatch(second)
        assert OwnerTurns(client, queue.stream).promote(1) == 1  # ...and its consumer died here
        assert queue.depth() == 2
        assert [queue.consume("worker-2")[0].job_id for _ in range(2)] == [first.id.value, second.id.value]

    # The port's words (what QueueWorker uses): claim, keep_claim, ack.

    def test_a_worker_claims_a_new_job_and_nothing_once_the_queue_is_empty(self, queue) -> None:
        job = a_job()
        queue.dispatch(job)
        claimed = queue.claim("worker-1")
        assert claimed is not None and (claimed.job_id, claimed.delivery_count) == (job.id.value, 1)
        assert queue.claim("worker-2", wait_seconds=0.1) is None

    def test_a_stalled_job_is_claimed_before_a_new_one(self, queue, wait_past_idle) -> None:
        stalled, fresh = a_job(), a_job()
        queue.dispatch(stalled)
        queue.claim("worker-that-dies")
        queue.dispatch(fresh)
        wait_past_idle()
        taken_over = queue.claim("worker-2")
        assert taken_over is not None and (taken_over.job_id, taken_over.delivery_count) == (stalled.id.value, 2)
        assert not queue.keep_claim("worker-that-dies", taken_over)
        assert queue.keep_claim("worker-2", taken_over)
        queue.ack(taken_over)
        assert queue.claim("worker-2").job_id == fresh.id.value
