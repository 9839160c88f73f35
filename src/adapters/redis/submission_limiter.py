"""RedisSubmissionLimiter: the SubmissionLimiter port in Redis, shared by every replica."""

from __future__ import annotations

from redis import Redis
from redis.exceptions import WatchError

from adapters.redis.errors import as_text, milliseconds, unavailable_when_unreachable
from application.ports.submission_limiter import SubmissionLimiter

_unavailable = unavailable_when_unreachable("submission limiter")


class RedisSubmissionLimiter(SubmissionLimiter):
    """A fixed window per caller is one counter key that expires with its window: SET NX PX
    (the window starts), INCR, PTTL in one MULTI, so replicas never count past each other.
    Unfinished jobs are a set per caller; its size is checked and the job added under WATCH,
    so two replicas cannot both take the last place. The set expires `active_ttl_seconds`
    after its last change, in case every job of a caller vanishes unnoticed. The read-only
    checks (GET and PTTL in one MULTI, SCARD) change nothing."""

    def __init__(
        self,
        client: Redis,
        per_window: int,
        max_active_jobs: int,
        window_seconds: float = 60.0,
        active_ttl_seconds: float = 86400.0,
        prefix: str = "voxrelay:limits:",
    ) -> None:
        self._redis = client
        self._per_window = per_window
        self._max_active = max_active_jobs
        self._window_ms = milliseconds(window_seconds)
        self._active_ttl_ms = milliseconds(active_ttl_seconds)
        self._prefix = prefix

    @_unavailable
    def count_submission(self, caller: str) -> float | None:
        if self._per_window <= 0:
            return None
        key = f"{self._prefix}rate:{caller}"
        with self._redis.pipeline(transaction=True) as pipe:
            pipe.set(key, 0, px=self._window_ms, nx=True)
            pipe.incr(key)
            pipe.pttl(key)
            _, count, left_ms = pipe.execute()
        return max(int(left_ms), 1) / 1000 if int(count) > self._per_window else None

    @_unavailable
    def seconds_until_allowed(self, caller: str) -> float | None:
        if self._per_window <= 0:
            return None
        with self._redis.pipeline(transaction=True) as pipe:
            pipe.get(f"{self._prefix}rate:{caller}")
            pipe.pttl(f"{self._prefix}rate:{caller}")
            count, left_ms = pipe.execute()
        if count is None or int(count) < self._per_window:
            return None
        return max(int(left_ms), 1) / 1000

    def _active_key(self, caller: str) -> str:
        return f"{self._prefix}active:{caller}"

    @_unavailable
    def start_job(self, caller: str, job_id: str) -> bool:
        key = self._active_key(caller)
        with self._redis.pipeline(transaction=True) as pipe:
            while True:
                try:
                    pipe.watch(key)
                    full = (
                        self._max_active > 0 and pipe.scard(key) >= self._max_active and not pipe.sismember(key, job_id)
                    )
                    pipe.multi()
                    if not full:
                        pipe.sadd(key, job_id)
                        pipe.pexpire(key, self._active_ttl_ms)
                    pipe.execute()
                    return not full
                except WatchError:
                    continue

    @_unavailable
    def has_room_for_job(self, caller: str) -> bool:
        return self._max_active <= 0 or self._redis.scard(self._active_key(caller)) < self._max_active

    @_unavailable
    def active_jobs(self, caller: str) -> list[str]:
        return sorted(as_text(member) for member in self._redis.smembers(self._active_key(caller)))

    @_unavailable
    def end_job(self, caller: str, job_id: str) -> None:
        self._redis.srem(self._active_key(caller), job_id)
