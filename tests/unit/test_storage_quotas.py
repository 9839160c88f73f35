"""The memory and Redis (fakeredis) storage quotas against the StorageQuota contract."""

import fakeredis
import pytest

from adapters.memory.storage_quota import MemoryStorageQuota
from adapters.redis.storage_quota import RedisStorageQuota
from tests.contracts.job_repository import counting_redis_work
from tests.contracts.storage_quota import StorageQuotaContract


class TestMemoryStorageQuota(StorageQuotaContract):
    @pytest.fixture
    def make_quota(self):
        return MemoryStorageQuota


class TestRedisStorageQuotaOnFakeRedis(StorageQuotaContract):
    @pytest.fixture
    def make_quota(self):
        client = fakeredis.FakeRedis(server=fakeredis.FakeServer())
        return lambda max_bytes: RedisStorageQuota(client, max_bytes)


def test_a_redis_release_is_one_command_once_its_script_is_loaded(monkeypatch) -> None:
    """Every ended job releases its bytes: a WATCH transaction was three round trips."""
    client = fakeredis.FakeRedis(server=fakeredis.FakeServer())
    quota = RedisStorageQuota(client, 1000)
    quota.reserve("key-a", "job-1", 700)
    quota.release("key-a", "never-recorded")  # the first call loads the script into Redis
    work = counting_redis_work(client, monkeypatch)
    quota.release("key-a", "job-1")
    assert work() == 1 and quota.used("key-a") == 0 and quota.recorded("key-a") == []
