"""Where state lives: one adapter set for memory, one for Redis, each a container with the
same provider names. `composition.modes` plugs the one the profile names into the root."""

from __future__ import annotations

from typing import Any

from dependency_injector import containers, providers

from adapters.aws import MemoryMessageDeduplicator
from adapters.memory import MemoryJobRepository, MemorySessionStore
from adapters.memory.in_flight_jobs import MemoryInFlightJobs
from adapters.memory.storage_quota import MemoryStorageQuota
from adapters.memory.submission_limiter import MemorySubmissionLimiter
from adapters.redis import (
    RedisInFlightJobs,
    RedisJobQueue,
    RedisJobRepository,
    RedisMessageDeduplicator,
    RedisNotificationBus,
    RedisNotificationListener,
    RedisSessionStore,
)
from adapters.redis.storage_quota import RedisStorageQuota
from adapters.redis.submission_limiter import RedisSubmissionLimiter
from entrypoints.composition.checks import calling


class MemoryState(containers.DeclarativeContainer):
    """One process holds everything; a job's end reaches this process's sockets directly."""

    config = providers.Configuration()
    notifier: providers.Dependency[Any] = providers.Dependency()  # this process's sockets

    session_store = providers.Singleton(
        MemorySessionStore,
        session_ttl_seconds=config.session_ttl_seconds,
    )
    job_store = providers.Singleton(MemoryJobRepository)
    submission_limiter = providers.Singleton(
        MemorySubmissionLimiter, per_window=config.rate_limit_per_minute, max_active_jobs=config.max_active_jobs_per_key
    )
    storage_quota = providers.Singleton(MemoryStorageQuota, max_bytes=config.max_stored_bytes_per_key)
    job_notifier = notifier
    in_flight_jobs = providers.Singleton(MemoryInFlightJobs)
    sns_deduplicator = providers.Singleton(MemoryMessageDeduplicator)
    readiness = providers.Dict()  # nothing outside the process to wait for


class RedisState(containers.DeclarativeContainer):
    """Shared by every replica: any of them may take a request, a queued job or SNS's delivery."""

    config = providers.Configuration()
    redis_client: providers.Dependency[Any] = providers.Dependency()
    redis_async_client: providers.Dependency[Any] = providers.Dependency()

    session_store = providers.Singleton(
        RedisSessionStore,
        client=redis_client,
        session_ttl_seconds=config.session_ttl_seconds,
    )
    job_store = providers.Singleton(
        RedisJobRepository, client=redis_client, retention_seconds=config.job_retention_seconds
    )
    submission_limiter = providers.Singleton(
        RedisSubmissionLimiter,
        client=redis_client,
        per_window=config.rate_limit_per_minute,
        max_active_jobs=config.max_active_jobs_per_key,
    )
    storage_quota = providers.Singleton(
        RedisStorageQuota, client=redis_client, max_bytes=config.max_stored_bytes_per_key
    )
    # Who hears of a finished job: every replica's listener hands it to its own sockets.
    job_notifier = providers.Singleton(RedisNotificationBus, client=redis_client)
    push_listener = providers.Singleton(RedisNotificationListener, client=redis_async_client)
    job_queue = providers.Singleton(
        RedisJobQueue,
        client=redis_client,
        max_attempts=config.queue_max_attempts,
        claim_idle_ms=config.queue_claim_idle_seconds.as_(lambda seconds: int(seconds * 1000)),
    )
    in_flight_jobs = providers.Singleton(RedisInFlightJobs, client=redis_client)
    sns_deduplicator = providers.Singleton(RedisMessageDeduplicator, client=redis_client)
    readiness = providers.Dict(state=providers.Callable(calling, redis_client.provider, "ping"))
