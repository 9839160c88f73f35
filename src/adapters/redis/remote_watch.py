"""What AWS mode keeps per process in memory, shared by every replica through Redis:
the SNS MessageIds already handled, and the jobs Amazon Transcribe is running."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from redis import Redis

from adapters.redis.errors import as_text, milliseconds, unavailable_when_unreachable
from domain.values import JobId

_unavailable = unavailable_when_unreachable("shared AWS state")


class RedisMessageDeduplicator:
    """SET NX with a time to live: the first replica to claim a MessageId handles it."""

    def __init__(self, client: Redis, ttl_seconds: float = 24 * 3600.0, prefix: str = "voxrelay:") -> None:
        self._redis = client
        self._ttl_ms = milliseconds(ttl_seconds)
        self._prefix = prefix

    def _key(self, message_id: str) -> str:
        return f"{self._prefix}sns-message:{message_id}"

    @_unavailable
    def claim(self, message_id: str) -> bool:
        return bool(self._redis.set(self._key(message_id), "1", nx=True, px=self._ttl_ms))

    @_unavailable
    def release(self, message_id: str) -> None:
        self._redis.delete(self._key(message_id))


class RedisInFlightJobs:
    """A sorted set of job ids scored by when each was last heard of."""

    def __init__(self, client: Redis, prefix: str = "voxrelay:") -> None:
        self._redis = client
        self._key = f"{prefix}in-flight"

    @_unavailable
    def watch(self, job_id: JobId, since: datetime) -> None:
        self._redis.zadd(self._key, {job_id.value: since.timestamp()})

    @_unavailable
    def forget(self, job_id: JobId) -> None:
        self._redis.zrem(self._key, job_id.value)

    @_unavailable
    def silent_since(self, before: datetime, limit: int = 100) -> list[JobId]:
        # Without withscores the reply is the members alone, not the (member, score) pairs its hint also allows.
        ids = cast(
            "list[bytes | str]", self._redis.zrangebyscore(self._key, "-inf", before.timestamp(), start=0, num=limit)
        )
        return [JobId(as_text(i)) for i in ids]

    @_unavailable
    def count(self) -> int:
        return int(self._redis.zcard(self._key))
