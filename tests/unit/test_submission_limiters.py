"""The SubmissionLimiter contract on the memory adapter and the Redis one on fakeredis;
tests/integration/redis runs it on a real server."""

import fakeredis
import pytest

from adapters.memory.submission_limiter import MemorySubmissionLimiter
from adapters.redis.submission_limiter import RedisSubmissionLimiter
from tests.contracts.submission_limiter import SubmissionLimiterContract


class TestMemorySubmissionLimiter(SubmissionLimiterContract):
    @pytest.fixture
    def make_limiter(self):
        return lambda per_window, max_active, window: MemorySubmissionLimiter(per_window, max_active, window)


class TestRedisSubmissionLimiterOnFakeRedis(SubmissionLimiterContract):
    @pytest.fixture
    def make_limiter(self):
        client = fakeredis.FakeRedis(server=fakeredis.FakeServer())
        return lambda per_window, max_active, window: RedisSubmissionLimiter(client, per_window, max_active, window)
