"""The memory and Redis (fakeredis) storage quotas against the StorageQuota contract."""

import fakeredis
import pytest

from adapters.memory.storage_quota import MemoryStorageQuota
from adapters.redis.storage_quota import RedisStorageQuota
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
