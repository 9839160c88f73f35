"""`voxrelay serve`: build the container and app, run them under uvicorn."""

from __future__ import annotations

import ipaddress
import logging
import resource
import socket
from collections.abc import Callable
from types import FrameType

import uvicorn

from entrypoints.collection_pacing import pace_collections_for_many_sockets
from entrypoints.container import Container, build_container
from entrypoints.held_socket_freezing import HeldSocketFreezer, counting_held_sockets
from entrypoints.http.app import create_app
from entrypoints.periodic import PeriodicTask
from entrypoints.ready_line import announce_ready, service_urls
from entrypoints.settings import Settings
from entrypoints.shutdown_signal import ShutdownSignal

log = logging.getLogger(__name__)
FREEZING_TICK_SECONDS = 1.0


def _raise_open_file_limit() -> int:
    """Each WebSocket is a file descriptor; the usual soft limit (1024) caps a replica at
    about a thousand idle sessions, while the hard limit is typically far higher."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        target = hard if hard != resource.RLIM_INFINITY else max(soft, 1 << 20)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            log.warning("could not raise the open file limit above %d", soft)
    return soft


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def refuse_open_access(settings: Settings) -> str | None:
    """Why this configuration must not start, or None."""
    if settings.api_keys.strip() or _is_loopback(settings.host) or settings.allow_open_access:
        return None
    return (
        f"refusing to serve {settings.host} without API keys: set VOXRELAY_API_KEYS, bind 127.0.0.1, "
        "or set VOXRELAY_ALLOW_OPEN_ACCESS=true if something in front of voxrelay authenticates"
    )


def serve(settings: Settings, container: Container | None = None) -> int:
    """`container`: one already built from these settings (a test's, with overrides)."""
    refusal = refuse_open_access(settings)
    if refusal:
        log.error(refusal)
        return 2
    if not settings.api_keys.strip():
        log.warning("no API keys configured: anyone who can reach %s can use the service", settings.host)
    open_files = _raise_open_file_limit()
    pace_collections_for_many_sockets()
    container = container or build_container(settings)
    app = create_app(container)
    log.info(
        "serving on http://%s:%d (storage=%s, state=%s, worker=%s, transcriber=%s, model=%s, open files=%d)",
        settings.host,
        settings.port,
        settings.storage,
        settings.state,
        settings.worker,
        settings.transcriber,
        settings.whisper_model,
        open_files,
    )
    freezer = _held_socket_freezer(container)
    config = uvicorn.Config(
        counting_held_sockets(app, freezer),
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level,
        log_config=None,
        ws_max_size=1024 * 1024,
        # Compressing every push cost an eighth of the API's CPU per push at 1 000 pushes a second
        # (zlib per message, a compressor kept per socket); results are small text, the links short.
        ws_per_message_deflate=False,
        limit_concurrency=settings.max_connections or None,
        # Counted, like the jobs' drain, from the signal: the two run side by side (see below).
        # uvicorn's hint says int; it hands the value to asyncio.wait_for, which takes a float.
        timeout_graceful_shutdown=settings.shutdown_drain_seconds,  # type: ignore[arg-type]
    )

    def on_ready(port: int) -> None:
        announce_ready(service_urls(app, settings.host, port))

    freezing = PeriodicTask("held-socket freezing", freezer.tick, FREEZING_TICK_SECONDS)
    freezing.start()
    try:
        DrainingServer(config, container.shutdown_signal(), on_ready).run()
    finally:
        freezing.stop()
    return 0


def _held_socket_freezer(container: Container) -> HeldSocketFreezer:
    """One per process, its counts on /metrics (see entrypoints.held_socket_freezing)."""
    freezer = HeldSocketFreezer()
    metrics = container.metrics()
    metrics.gauge("voxrelay_frozen_sockets", "Open sockets the cycle collector skips", freezer.frozen_count)
    metrics.gauge(
        "voxrelay_frozen_socket_reclaims", "Full collections run because frozen sockets closed", freezer.reclaim_count
    )
    return freezer


class DrainingServer(uvicorn.Server):
    """On SIGTERM or SIGINT, uploads still arriving are refused with 503 at once (UploadGuard),
    uvicorn lets the other requests finish within the drain time, and meanwhile, not after
    them, the lifespan (which watches the same signal) stops the job runners, whose running
    jobs get that same drain time: the process ends within one drain time, not two."""

    def __init__(
        self, config: uvicorn.Config, shutdown: ShutdownSignal, on_ready: Callable[[int], None] | None = None
    ) -> None:
        super().__init__(config)
        self._shutdown = shutdown
        self._on_ready = on_ready

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started and self._on_ready is not None and self.servers and self.servers[0].sockets:
            self._on_ready(self.servers[0].sockets[0].getsockname()[1])  # the port bound, even for port 0

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        if not self._shutdown.stopping:
            log.info("stopping: refusing uploads in flight, draining requests and jobs")
        self._shutdown.begin()
        super().handle_exit(sig, frame)
