"""The Litestar application factory: routes, dependencies from the container, lifespan."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from litestar import Litestar
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig

from entrypoints.container import Container
from entrypoints.http.api_keys import ApiKeyRing
from entrypoints.http.api_schema import document_api
from entrypoints.http.auth import api_key_middleware
from entrypoints.http.browser_boundary import BrowserBoundary, browser_boundary_guard
from entrypoints.http.errors import EXCEPTION_HANDLERS
from entrypoints.http.health import healthz
from entrypoints.http.job_audio import read_job_audio
from entrypoints.http.job_management import cancel_job, delete_job, list_jobs
from entrypoints.http.jobs import create_job, read_job, upload_audio
from entrypoints.http.notification import notification_socket
from entrypoints.http.notify import NotifyThreads, notify
from entrypoints.http.openai_audio import create_transcription, list_models
from entrypoints.http.operations import metrics_endpoint, readyz, request_threads_saturated
from entrypoints.http.push_relay import PushRelay
from entrypoints.http.realtime import realtime_socket
from entrypoints.http.socket_quota import SocketQuota
from entrypoints.http.sync_gate import SyncGate
from entrypoints.http.transcripts import read_transcript
from entrypoints.http.upload_guard import upload_guard
from entrypoints.http.upload_workers import UploadSlots, UploadWorkers
from entrypoints.http.web_page import WEB_PATHS, web_page_routes
from entrypoints.readiness import queue_depth, readiness_checks

log = logging.getLogger(__name__)
FORM_OVERHEAD_BYTES = 1024 * 1024


def _provide(provider) -> Provide:
    return Provide(lambda: provider(), sync_to_thread=False)


async def _start_redis_side(container: Container) -> PushRelay:
    """Consume the queue here too unless --no-worker (with Amazon Transcribe there is no
    queue: jobs run remotely); always relay pushes to local sockets."""
    if container.config.worker() and container.config.transcriber() != "aws":
        await anyio.to_thread.run_sync(container.queue_worker)
    listener = await container.push_listener()
    relay = PushRelay(listener, container.notifier(), container.session_store())
    await relay.start()
    return relay


def create_app(container: Container, *, warm_up: bool = True) -> Litestar:
    """Build the app on a configured container; tests pass one with overridden providers."""
    config = container.config

    @asynccontextmanager
    async def lifespan(_: Litestar) -> AsyncIterator[None]:
        # The boto3 clients the configuration uses, made here off the loop, not by a request on it.
        await anyio.to_thread.run_sync(container.aws_clients_in_use)
        # Start only the selected dispatcher; other branches of the graph stay untouched.
        await anyio.to_thread.run_sync(container.job_dispatcher)
        redis_state = config.state() == "redis"
        runs_jobs_here = not redis_state or config.worker()  # an API-only replica needs no model
        if warm_up and config.transcriber() == "whisper" and runs_jobs_here:
            # Load and exercise the model now, so the first job is no slower than the rest.
            await anyio.to_thread.run_sync(container.transcriber().warm_up)
        relay = await _start_redis_side(container) if redis_state else None
        if config.transcriber() == "aws":  # no model here: Amazon Transcribe does the work
            await anyio.to_thread.run_sync(container.silent_job_poller)
        if config.job_retention_seconds() > 0:
            await anyio.to_thread.run_sync(container.job_purger)
        log.info("voxrelay ready")
        stopping = container.shutdown_signal()

        async def drain_jobs_once_stopping() -> None:
            # From the signal on, the job runners take no job and drain while the requests do,
            # not after them: both end within the one drain time. At most one runner is running
            # (threads in memory state, the queue's consumers in redis state).
            while not stopping.stopping:
                await anyio.sleep(0.1)
            for runner in (container.local_job_runner, container.queue_worker):
                if not runner.initialized:  # the one this configuration started, if any
                    continue
                try:  # a limiter of its own: request threads may hold every default token
                    await anyio.to_thread.run_sync(runner.shutdown, limiter=anyio.CapacityLimiter(1))
                except Exception:
                    log.exception("a job runner failed to stop")

        try:
            async with anyio.create_task_group() as drain:
                drain.start_soon(drain_jobs_once_stopping)
                try:
                    yield
                finally:
                    stopping.begin()  # stopped without a signal (a test's client): drain all the same
        finally:
            if relay is not None:
                await relay.stop()
                await container.redis_async_client.shutdown()
            await anyio.to_thread.run_sync(container.shutdown_resources)

    keepalive = max(1.0, min(30.0, config.session_ttl_seconds() / 3))
    dependencies = {
        name: _provide(getattr(container, name))
        for name in (
            "receive_upload",
            "submit_audio",
            "check_submission_allowed",
            "get_job",
            "read_job_audio",
            "list_jobs",
            "cancel_job",
            "delete_job",
            "open_session",
            "close_session",
            "keep_session_alive",
            "get_transcript",
            "submit_upload",
            "audio_storage",
            "session_store",
            "notifier",
            "sync_transcribe_now",
            "model_catalog",
            "live_service",
        )
    }
    dependencies["session_keepalive_seconds"] = Provide(lambda: keepalive, sync_to_thread=False)
    dependencies["handle_sns_delivery"] = _provide(container.handle_sns_delivery)
    notify_threads = NotifyThreads()
    dependencies["notify_threads"] = Provide(lambda: notify_threads, sync_to_thread=False)
    keys = ApiKeyRing(config.api_keys())
    dependencies["api_keys"] = Provide(lambda: keys, sync_to_thread=False)
    quota = SocketQuota(config.max_sockets_per_key())
    dependencies["socket_quota"] = Provide(lambda: quota, sync_to_thread=False)
    upload_workers = UploadWorkers(config.upload_threads())
    dependencies["upload_workers"] = Provide(lambda: upload_workers, sync_to_thread=False)
    upload_slots = UploadSlots(config.max_uploads_per_key())
    dependencies["upload_slots"] = Provide(lambda: upload_slots, sync_to_thread=False)
    sync_gate = SyncGate(config.sync_concurrency())
    dependencies["sync_gate"] = Provide(lambda: sync_gate, sync_to_thread=False)
    load_checks = {
        "request_threads": request_threads_saturated,
        "upload_threads": lambda: upload_workers.saturated,
        "sync_transcriptions": lambda: sync_gate.saturated,
    }
    dependencies["load_checks"] = Provide(lambda: load_checks, sync_to_thread=False)
    checks = readiness_checks(container)
    dependencies["readiness_checks"] = Provide(lambda: checks, sync_to_thread=False)
    metrics = container.metrics()
    dependencies["metrics"] = Provide(lambda: metrics, sync_to_thread=False)
    metrics.gauge(
        "voxrelay_open_sockets", "WebSockets this process holds", lambda: container.notifier().connection_count
    )
    metrics.gauge("voxrelay_queue_depth", "Jobs waiting or running", queue_depth(container))
    metrics.gauge("voxrelay_uploads_in_flight", "Uploads this process is reading", lambda: upload_slots.in_flight)
    boundary = BrowserBoundary.from_settings(
        config.allowed_hosts(),
        config.allowed_origins(),
        keyless=not keys.enabled,
        open_access=config.allow_open_access(),
    )
    live = container.live_service()
    metrics.gauge(
        "voxrelay_live_streams", "Live streams (WS /v1/realtime) this process runs", lambda: live.slots.in_use
    )
    aws_mode = config.transcriber() == "aws"
    aws_routes = [notify] if aws_mode else []  # SNS delivers only in AWS mode
    # Amazon Transcribe answers through SNS, minutes later: nobody waits for it on a request.
    sync_routes = [] if aws_mode else [create_transcription]
    web_ui = bool(config.web_ui())
    web_routes = web_page_routes() if web_ui else []
    return Litestar(
        route_handlers=[
            upload_audio,
            create_job,
            read_job,
            list_jobs,
            cancel_job,
            delete_job,
            read_transcript,
            read_job_audio,
            *sync_routes,
            list_models,
            notification_socket,
            realtime_socket,
            healthz,
            readyz,
            metrics_endpoint,
            *aws_routes,
            *web_routes,
        ],
        dependencies=dependencies,
        middleware=[
            browser_boundary_guard(boundary),
            *api_key_middleware(keys, WEB_PATHS if web_ui else None),
            upload_guard(
                config.upload_stall_seconds(), container.shutdown_signal(), config.upload_min_bytes_per_second()
            ),
        ],
        logging_config=None,  # logging is configured once, by the process (entrypoints.logging_setup)
        cors_config=boundary.cors(),
        exception_handlers=EXCEPTION_HANDLERS,
        lifespan=[lifespan],
        request_max_body_size=config.max_upload_bytes() + FORM_OVERHEAD_BYTES,
        openapi_config=OpenAPIConfig(title="voxrelay", version="0.1.0"),
        on_startup=[document_api],  # the multipart bodies and error answers Litestar cannot see
    )
