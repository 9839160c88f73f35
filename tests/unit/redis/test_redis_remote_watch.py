"""The shared AWS-mode state (SNS MessageIds handled, jobs Amazon Transcribe runs) against its
contracts, in memory and on Redis (fakeredis, its time moved by the tests); tests/integration
runs the Redis side on a real server."""

import fakeredis
import pytest

from adapters.aws import MemoryMessageDeduplicator
from adapters.memory.in_flight_jobs import MemoryInFlightJobs
from adapters.redis import RedisInFlightJobs, RedisMessageDeduplicator
from tests.contracts.in_flight_jobs import InFlightJobsContract
from tests.contracts.message_deduplicator import MessageDeduplicatorContract
from tests.support.clocks import FakeClock, fakeredis_time


class TestMemoryMessageDeduplicator(MessageDeduplicatorContract):
    @pytest.fixture
    def clock(self) -> FakeClock:
        return FakeClock(1000.0)

    @pytest.fixture
    def advance(self, clock):
        return clock.advance

    @pytest.fixture
    def make_deduplicator(self, clock):
        return lambda ttl_seconds: MemoryMessageDeduplicator(ttl_seconds, monotonic=clock)


class TestRedisMessageDeduplicatorOnFakeRedis(MessageDeduplicatorContract):
    @pytest.fixture
    def advance(self):
        with fakeredis_time() as clock:
            yield clock.advance

    @pytest.fixture
    def make_deduplicator(self):
        client = fakeredis.FakeRedis(server=fakeredis.FakeServer())
        return lambda ttl_seconds: RedisMessageDeduplicator(client, ttl_seconds)


class TestMemoryInFlightJobs(InFlightJobsContract):
    @pytest.fixture
    def in_flight(self) -> MemoryInFlightJobs:
        return MemoryInFlightJobs()


class TestRedisInFlightJobsOnFakeRedis(InFlightJobsContract):
    @pytest.fixture
    def in_flight(self) -> RedisInFlightJobs:
        return RedisInFlightJobs(fakeredis.FakeRedis(server=fakeredis.FakeServer()))


def test_two_replicas_on_one_redis_claim_a_message_once():
    server = fakeredis.FakeServer()
    first = RedisMessageDeduplicator(fakeredis.FakeRedis(server=server))
    second = RedisMessageDeduplicator(fakeredis.FakeRedis(server=server))
    assert [first.claim("m-9"), second.claim("m-9")] == [True, False]
