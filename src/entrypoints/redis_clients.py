"""Redis clients as container resources: created on first use, closed at shutdown.

The policy is to fail fast: an unreachable Redis must become a 503 in about a second, not
after redis-py's default of several retries with backoff (3 to 5 s per call).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

from redis import Redis
from redis.asyncio import Redis as AsyncRedis
from redis.asyncio.retry import Retry as AsyncRetry
from redis.backoff import ExponentialBackoff
from redis.retry import Retry

CONNECT_TIMEOUT_SECONDS = 1.0
# Longer than the worker's blocking read (QueueWorker.block_ms), or every idle read would time out.
READ_TIMEOUT_SECONDS = 10.0


def _backoff() -> ExponentialBackoff:
    return ExponentialBackoff(cap=0.2, base=0.05)


def redis_client(url: str) -> Iterator[Redis]:
    """Thread-safe, pooled; shared by the request threads and the worker threads."""
    client = Redis.from_url(
        url,
        socket_connect_timeout=CONNECT_TIMEOUT_SECONDS,
        socket_timeout=READ_TIMEOUT_SECONDS,
        retry=Retry(_backoff(), 1),
        health_check_interval=30,
    )
    yield client
    client.close()


async def async_redis_client(url: str) -> AsyncIterator[AsyncRedis]:
    """For the push listener. No read timeout: a subscription may be quiet for hours; the
    health check pings it so a dead connection is noticed and the listener resubscribes."""
    client = AsyncRedis.from_url(
        url,
        socket_connect_timeout=CONNECT_TIMEOUT_SECONDS,
        retry=AsyncRetry(_backoff(), 1),
        health_check_interval=5,
    )
    yield client
    await client.aclose()
