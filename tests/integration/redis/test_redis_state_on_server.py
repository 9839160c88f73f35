"""The Redis adapters against their contracts on a real redis-server."""

import pytest

from adapters.redis import RedisInFlightJobs, RedisJobRepository, RedisMessageDeduplicator, RedisSessionStore
from adapters.redis.storage_quota import RedisStorageQuota
from adapters.redis.submission_limiter import RedisSubmissionLimiter
from tests.contracts.in_flight_jobs import InFlightJobsContract
from tests.contracts.job_queue import JobQueueCases
from tests.contracts.job_repository import JobRepositoryContract, counting_redis_work, queued_job
from tests.contracts.message_deduplicator import MessageDeduplicatorContract
from tests.contracts.session_store import SessionStoreContract
from tests.contracts.storage_quota import StorageQuotaContract
from tests.contracts.submission_limiter import SubmissionLimiterContract

pytestmark = pytest.mark.slow


class TestRedisSessionStoreOnServer(SessionStoreContract):
    @pytest.fixture
    def make_sessions(self, redis_client):
        def make(session_ttl_seconds: float) -> RedisSessionStore:
            return RedisSessionStore(redis_client, session_ttl_seconds)

        return make


class TestRedisJobRepositoryOnServer(JobRepositoryContract):
    crowd = 5_000  # one add is three round trips; the bound checked does not grow with the crowd

    @pytest.fixture
    def jobs(self, redis_client) -> RedisJobRepository:
        return RedisJobRepository(redis_client, retention_seconds=3600)

    @pytest.fixture
    def store_work(self, redis_client, monkeypatch):
        return counting_redis_work(redis_client, monkeypatch)


class TestRedisJobQueueOnServer(JobQueueCases):
    @pytest.fixture
    def client(self, redis_client):
        return redis_client


def test_a_job_written_by_one_process_is_read_by_another(redis_server, redis_client):
    job = queued_job()
    RedisJobRepository(redis_client, retention_seconds=60).add(job)
    with redis_server.client() as fresh:
        assert RedisJobRepository(fresh, retention_seconds=60).get(job.id) == job


class TestRedisSubmissionLimiterOnServer(SubmissionLimiterContract):
    @pytest.fixture
    def make_limiter(self, redis_client):
        return lambda per_window, max_active, window: RedisSubmissionLimiter(
            redis_client, per_window, max_active, window
        )


class TestRedisStorageQuotaOnServer(StorageQuotaContract):
    @pytest.fixture
    def make_quota(self, redis_client):
        return lambda max_bytes: RedisStorageQuota(redis_client, max_bytes)


class TestRedisMessageDeduplicatorOnServer(MessageDeduplicatorContract):
    @pytest.fixture
    def make_deduplicator(self, redis_client):
        return lambda ttl_seconds: RedisMessageDeduplicator(redis_client, ttl_seconds)


class TestRedisInFlightJobsOnServer(InFlightJobsContract):
    @pytest.fixture
    def in_flight(self, redis_client) -> RedisInFlightJobs:
        return RedisInFlightJobs(redis_client)
