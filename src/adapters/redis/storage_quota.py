"""RedisStorageQuota: the StorageQuota port in Redis, shared by every replica."""

from __future__ import annotations

from redis import Redis

from adapters.redis.errors import as_text, unavailable_when_unreachable
from application.ports.storage_quota import StorageQuota

_unavailable = unavailable_when_unreachable("storage quota")

# KEYS: the caller's ledger, its total; ARGV: the job id. One round trip (a WATCH transaction
# took three, at every job's end): the bytes leave the total once, however often released.
_RELEASE = """
local size = redis.call('HGET', KEYS[1], ARGV[1])
if size then
    redis.call('HDEL', KEYS[1], ARGV[1])
    redis.call('DECRBY', KEYS[2], size)
end
return 0
"""


class RedisStorageQuota(StorageQuota):
    """Per caller, a hash of job id -> bytes and a running total beside it, both changed in
    one step (a MULTI under WATCH to reserve, a script to release): two replicas cannot both
    take the last bytes, and a job released twice is subtracted once. Nothing expires: the
    ledger lasts as long as the audio does."""

    def __init__(self, client: Redis, max_bytes: int, prefix: str = "voxrelay:quota:") -> None:
        self._redis = client
        self._max = max_bytes
        self._prefix = prefix
        self._release = client.register_script(_RELEASE)

    def _keys(self, caller: str) -> tuple[str, str]:
        return f"{self._prefix}jobs:{caller}", f"{self._prefix}bytes:{caller}"

    @_unavailable
    def reserve(self, caller: str, job_id: str, size_bytes: int) -> bool:
        if self._max <= 0:
            return True
        ledger, total = self._keys(caller)
        room = True

        def take(pipe) -> None:
            nonlocal room
            recorded = pipe.hexists(ledger, job_id)
            room = recorded or int(pipe.get(total) or 0) + size_bytes <= self._max
            pipe.multi()
            if room and not recorded:
                pipe.hset(ledger, job_id, size_bytes)
                pipe.incrby(total, size_bytes)

        self._redis.transaction(take, ledger, total)
        return room

    @_unavailable
    def has_room(self, caller: str) -> bool:
        return self._max <= 0 or self.used(caller) < self._max

    @_unavailable
    def used(self, caller: str) -> int:
        return int(self._redis.get(self._keys(caller)[1]) or 0)

    @_unavailable
    def recorded(self, caller: str) -> list[str]:
        return sorted(as_text(job_id) for job_id in self._redis.hkeys(self._keys(caller)[0]))

    @_unavailable
    def release(self, caller: str, job_id: str) -> None:
        ledger, total = self._keys(caller)
        self._release(keys=[ledger, total], args=[job_id])
