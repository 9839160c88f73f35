"""The shared AWS-mode state on Redis behaves as the in-memory one does (fakeredis)."""

from datetime import UTC, datetime, timedelta

import fakeredis
import pytest

from adapters.aws import MemoryMessageDeduplicator
from adapters.memory.in_flight_jobs import MemoryInFlightJobs
from adapters.redis import RedisInFlightJobs, RedisMessageDeduplicator
from domain.values import JobId

T0 = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture(params=["memory", "redis"])
def deduplicator(request):
    if request.param == "memory":
        return MemoryMessageDeduplicator()
    return RedisMessageDeduplicator(fakeredis.FakeRedis(server=fakeredis.FakeServer()))


@pytest.fixture(params=["memory", "redis"])
def in_flight(request):
    if request.param == "memory":
        return MemoryInFlightJobs()
    return RedisInFlightJobs(fakeredis.FakeRedis(server=fakeredis.FakeServer()))


def test_a_message_id_is_claimed_once_until_released(deduplicator):
    assert deduplicator.claim("m-1") is True
    assert deduplicator.claim("m-1") is False
    assert deduplicator.claim("m-2") is True
    deduplicator.release("m-1")
    assert deduplicator.claim("m-1") is True


def test_two_replicas_on_one_redis_claim_a_message_once():
    server = fakeredis.FakeServer()
    first = RedisMessageDeduplicator(fakeredis.FakeRedis(server=server))
    second = RedisMessageDeduplicator(fakeredis.FakeRedis(server=server))
    assert [first.claim("m-9"), second.claim("m-9")] == [True, False]


def test_silent_jobs_come_longest_silent_first_and_forgotten_ones_not_at_all(in_flight):
    a, b, c = (JobId(ch * 32) for ch in "abc")
    in_flight.watch(b, T0 + timedelta(seconds=2))
    in_flight.watch(a, T0 + timedelta(seconds=1))
    in_flight.watch(c, T0 + timedelta(seconds=30))
    assert in_flight.silent_since(T0 + timedelta(seconds=10)) == [a, b]
    assert in_flight.silent_since(T0 + timedelta(seconds=10), limit=1) == [a]
    in_flight.forget(a)
    in_flight.watch(b, T0 + timedelta(seconds=60))  # heard of again
    assert in_flight.silent_since(T0 + timedelta(seconds=10)) == []
    assert in_flight.count() == 2
