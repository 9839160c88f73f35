"""A private redis-server for this folder, and a client on an empty database per test."""

import pytest
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from tests.redis_server import free_port, redis_server_fixture

redis_server = redis_server_fixture()


@pytest.fixture
def redis_client(redis_server):
    if not redis_server.running:  # a fault test left it stopped
        redis_server.start()
    client = redis_server.client(socket_timeout=5)
    client.flushall()
    yield client
    client.close()


@pytest.fixture
def closed_port_client():
    """A client pointed at a port nothing listens on; no retries, so it fails at once."""
    return redis.Redis(port=free_port(), socket_connect_timeout=0.5, retry=Retry(NoBackoff(), 0))
