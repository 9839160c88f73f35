"""The HTTP side's own parts: keys, quotas, upload threads and slots, the synchronous gate,
the browser boundary, the session keepalive and the load checks of /readyz."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

from dependency_injector import containers, providers

from application.ports import PendingResults
from entrypoints.http.api_keys import ApiKeyRing
from entrypoints.http.browser_boundary import BrowserBoundary
from entrypoints.http.notify import NotifyThreads
from entrypoints.http.operations import request_threads_saturated
from entrypoints.http.push_relay import PushRelay
from entrypoints.http.socket_quota import SocketQuota
from entrypoints.http.sync_gate import SyncGate
from entrypoints.http.upload_workers import UploadSlots, UploadWorkers


def keepalive_seconds(session_ttl_seconds: float) -> float:
    """How often a socket is pinged: often enough that its session never expires while it is open."""
    return max(1.0, min(30.0, session_ttl_seconds / 3))


def load_checks(upload_workers: UploadWorkers, sync_gate: SyncGate) -> dict[str, Callable[[], bool]]:
    return {
        "request_threads": request_threads_saturated,
        "upload_threads": lambda: upload_workers.saturated,
        "sync_transcriptions": lambda: sync_gate.saturated,
    }


def browser_boundary(allowed_hosts: str, allowed_origins: str, keys: ApiKeyRing, open_access: bool) -> BrowserBoundary:
    return BrowserBoundary.from_settings(
        allowed_hosts, allowed_origins, keyless=not keys.enabled, open_access=open_access
    )


async def push_relay(listener, sockets, sessions: PendingResults) -> AsyncIterator[PushRelay]:
    """Redis state: pushes published by any replica reach the sockets this process holds."""
    relay = PushRelay(listener, sockets, sessions)
    await relay.start()
    yield relay
    await relay.stop()


class HttpParts(containers.DeclarativeContainer):
    config = providers.Configuration()

    api_keys = providers.Singleton(ApiKeyRing, config.api_keys)
    socket_quota = providers.Singleton(SocketQuota, config.max_sockets_per_key)
    upload_workers = providers.Singleton(UploadWorkers, config.upload_threads)
    upload_slots = providers.Singleton(UploadSlots, config.max_uploads_per_key)
    sync_gate = providers.Singleton(SyncGate, config.sync_concurrency)
    notify_threads = providers.Singleton(NotifyThreads)
    session_keepalive_seconds = providers.Callable(keepalive_seconds, config.session_ttl_seconds)
    load_checks = providers.Singleton(load_checks, upload_workers, sync_gate)
    browser_boundary = providers.Singleton(
        browser_boundary, config.allowed_hosts, config.allowed_origins, api_keys, config.allow_open_access
    )
