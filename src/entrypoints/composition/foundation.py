"""What every part of the container builds on: configuration, time, Redis connections,
metrics and the shutdown signal."""

from __future__ import annotations

from dependency_injector import containers, providers

from adapters.prometheus import PrometheusMetrics
from application.clock import utc_now
from entrypoints import redis_clients
from entrypoints.shutdown_signal import ShutdownSignal


class Foundation(containers.DeclarativeContainer):
    config = providers.Configuration(strict=True)
    clock = providers.Object(utc_now)
    metrics = providers.Singleton(PrometheusMetrics)
    shutdown_signal = providers.Singleton(ShutdownSignal)

    # Redis (state=redis only): connections open on first use and close at shutdown.
    redis_client = providers.Resource(redis_clients.redis_client, url=config.redis_url)
    redis_async_client = providers.Resource(redis_clients.async_redis_client, url=config.redis_url)
