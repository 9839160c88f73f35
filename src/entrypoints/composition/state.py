"""Where state lives, memory or Redis: sessions, jobs, limits, the queue and push."""

from __future__ import annotations

from dependency_injector import providers

from adapters.memory import MemoryJobRepository, MemorySessionStore
from adapters.memory.storage_quota import MemoryStorageQuota
from adapters.memory.submission_limiter import MemorySubmissionLimiter
from adapters.redis import (
    RedisJobQueue,
    RedisJobRepository,
    RedisNotificationBus,
    RedisNotificationListener,
    RedisSessionStore,
)
from adapters.redis.storage_quota import RedisStorageQuota
from adapters.redis.submission_limiter import RedisSubmissionLimiter
from adapters.websocket import WebSocketNotifier
from entrypoints.composition.foundation import Foundation

config = Foundation.config
redis_client = Foundation.redis_client


class StateProviders(Foundation):
    session_store = providers.Selector(
        config.state,
        memory=providers.Singleton(
            MemorySessionStore,
            session_ttl_seconds=config.session_ttl_seconds,
        ),
        redis=providers.Singleton(
            RedisSessionStore,
            client=redis_client,
            session_ttl_seconds=config.session_ttl_seconds,
        ),
    )
    job_repository = providers.Selector(
        config.state,
        memory=providers.Singleton(MemoryJobRepository),
        redis=providers.Singleton(
            RedisJobRepository, client=redis_client, retention_seconds=config.job_retention_seconds
        ),
    )
    submission_limiter = providers.Selector(
        config.state,
        memory=providers.Singleton(
            MemorySubmissionLimiter,
            per_window=config.rate_limit_per_minute,
            max_active_jobs=config.max_active_jobs_per_key,
        ),
        redis=providers.Singleton(
            RedisSubmissionLimiter,
            client=redis_client,
            per_window=config.rate_limit_per_minute,
            max_active_jobs=config.max_active_jobs_per_key,
        ),
    )
    storage_quota = providers.Selector(
        config.state,
        memory=providers.Singleton(MemoryStorageQuota, max_bytes=config.max_stored_bytes_per_key),
        redis=providers.Singleton(RedisStorageQuota, client=redis_client, max_bytes=config.max_stored_bytes_per_key),
    )
    # This process's sockets.
    notifier = providers.Singleton(WebSocketNotifier, sessions=session_store, metrics=Foundation.metrics)
    # Who hears of a finished job: with Redis, every replica's listener hands it to its sockets.
    job_notifier = providers.Selector(
        config.state,
        memory=notifier,
        redis=providers.Singleton(RedisNotificationBus, client=redis_client),
    )
    push_listener = providers.Singleton(RedisNotificationListener, client=Foundation.redis_async_client)
    job_queue = providers.Singleton(
        RedisJobQueue,
        client=redis_client,
        max_attempts=config.queue_max_attempts,
        claim_idle_ms=config.queue_claim_idle_seconds.as_(lambda seconds: int(seconds * 1000)),
    )
