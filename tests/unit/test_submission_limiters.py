"""The SubmissionLimiter contract on the memory adapter and the Redis one on fakeredis;
tests/integration/redis runs it on a real server."""

import fakeredis
import pytest

from adapters.memory.submission_limiter import MemorySubmissionLimiter
from adapters.redis.submission_limiter import RedisSubmissionLimiter
from tests.contracts.submission_limiter import SubmissionLimiterContract
from tests.support.clocks import FakeClock, fakeredis_time


class TestMemorySubmissionLimiter(SubmissionLimiterContract):
    @pytest.fixture
    def clock(self) -> FakeClock:
        return FakeClock(1000.0)

    @pytest.fixture
    def advance(self, clock):
        return clock.advance

    @pytest.fixture
    def make_limiter(self, clock):
        return lambda per_window, max_active, window: MemorySubmissionLimiter(per_window, max_active, window, clock)


class TestRedisSubmissionLimiterOnFakeRedis(SubmissionLimiterContract):
    @pytest.fixture
    def advance(self):
        with fakeredis_time() as clock:
            yield clock.advance

    @pytest.fixture
    def make_limiter(self):
        client = fakeredis.FakeRedis(server=fakeredis.FakeServer())
        return lambda per_window, max_active, window: RedisSubmissionLimiter(client, per_window, max_active, window)
