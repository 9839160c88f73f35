"""RedisJobQueue on fakeredis; the same cases run on a real server in tests/integration."""

import fakeredis
import pytest

from tests.contracts.job_queue import JobQueueCases


class TestRedisJobQueueOnFakeRedis(JobQueueCases):
    @pytest.fixture
    def client(self) -> fakeredis.FakeRedis:
        return fakeredis.FakeRedis(server=fakeredis.FakeServer())
