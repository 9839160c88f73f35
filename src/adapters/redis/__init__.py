"""Redis adapters: shared state, a job queue and cross-replica push for N API replicas and
M worker processes. Callers pass in a client they created; nothing connects at import time."""

from adapters.redis.job_queue import RedisJobQueue
from adapters.redis.job_repository import RedisJobRepository
from adapters.redis.notification_bus import RedisNotificationBus
from adapters.redis.notification_listener import RedisNotificationListener
from adapters.redis.remote_watch import RedisInFlightJobs, RedisMessageDeduplicator
from adapters.redis.session_store import RedisSessionStore

__all__ = [
    "RedisInFlightJobs",
    "RedisJobQueue",
    "RedisJobRepository",
    "RedisMessageDeduplicator",
    "RedisNotificationBus",
    "RedisNotificationListener",
    "RedisSessionStore",
]
