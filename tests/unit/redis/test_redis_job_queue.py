"""RedisJobQueue on fakeredis, its time moved by the tests; the same cases run on a real server in tests/integration."""

import fakeredis
import pytest

from tests.contracts.job_queue import JobQueueCases
from tests.support.clocks import fakeredis_time


class TestRedisJobQueueOnFakeRedis(JobQueueCases):
    @pytest.fixture
    def client(self) -> fakeredis.FakeRedis:
        return fakeredis.FakeRedis(server=fakeredis.FakeServer())

    @pytest.fixture
    def advance(self):
        with fakeredis_time() as clock:
            yield clock.advance
