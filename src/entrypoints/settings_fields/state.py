"""Sessions, jobs and the queue: how long they live, where Redis is, how often a job is tried."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from entrypoints.settings_fields.option import opt


@dataclass(frozen=True)
class StateSettings:
    session_ttl_seconds: float = opt(3600.0, "how long a session and its undelivered results outlive its socket")
    redis_url: str = opt("redis://127.0.0.1:6379/0", "Redis to use when state is redis")
    job_retention_seconds: float = opt(
        7 * 86400.0, "how long a finished job, its audio and transcript are kept; 0 keeps them"
    )
    queue_max_attempts: int = opt(3, "deliveries of a queued job before it ends FAILED")
    queue_claim_idle_seconds: float = opt(
        60.0, "how long a job's message may go unextended before another worker takes it over"
    )
    worker: bool = opt(
        True, "serve also runs queued jobs in this process (redis state); --no-worker for API-only replicas"
    )


# When one of these settings is broken, and what is said ({p}: the prefix), checked in this order.
STATE_BOUNDS: tuple[tuple[Callable[[StateSettings], bool], str], ...] = (
    (lambda s: s.queue_max_attempts < 1, "{p}QUEUE_MAX_ATTEMPTS must be at least 1"),
    (lambda s: s.queue_claim_idle_seconds < 1, "{p}QUEUE_CLAIM_IDLE_SECONDS must be at least 1"),
)
