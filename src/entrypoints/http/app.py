"""The Litestar application factory: the route table the mode profile mounts, dependencies
from the container, and the lifespan (`http.lifespan`) that starts the profile's background
resources."""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig

from entrypoints.composition.profile import ModeProfile, Routes
from entrypoints.container import Container
from entrypoints.http.api_schema import document_api
from entrypoints.http.auth import api_key_middleware
from entrypoints.http.browser_boundary import browser_boundary_guard
from entrypoints.http.errors import EXCEPTION_HANDLERS
from entrypoints.http.health import healthz
from entrypoints.http.job_audio import read_job_audio
from entrypoints.http.job_management import cancel_job, delete_job, list_jobs
from entrypoints.http.jobs import create_job, read_job, upload_audio
from entrypoints.http.lifespan import lifespan_of
from entrypoints.http.notification import notification_socket
from entrypoints.http.notify import notify
from entrypoints.http.notify_guard import notify_guard
from entrypoints.http.openai_audio import create_transcription, list_models
from entrypoints.http.operations import metrics_endpoint, readyz
from entrypoints.http.realtime import realtime_socket
from entrypoints.http.transcripts import read_transcript
from entrypoints.http.upload_guard import upload_guard
from entrypoints.http.web_page import WEB_PATHS, web_page_routes
from entrypoints.readiness import readiness_checks

FORM_OVERHEAD_BYTES = 1024 * 1024
# The container's providers the handlers name, and the HTTP side's own parts.
FROM_CONTAINER = (
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
    "audio_storage",
    "session_store",
    "notifier",
    "sync_transcribe_now",
    "model_catalog",
    "live_service",
    "handle_sns_delivery",
    "keep_session_alive",
    "get_transcript",
    "submit_upload",
)
FROM_HTTP_PARTS = (
    "notify_threads",
    "api_keys",
    "socket_quota",
    "upload_workers",
    "upload_slots",
    "sync_gate",
    "load_checks",
)


def route_table(profile: ModeProfile) -> list[Any]:
    """Every route, in the order the schema lists them; a group this mode does not back is
    not mounted (and so not in the schema either)."""
    web_page = web_page_routes() if profile.mounts(Routes.WEB_PAGE) else []
    table: list[tuple[Routes, list[Any]]] = [
        (Routes.JOBS, [upload_audio, create_job, read_job, list_jobs, cancel_job, delete_job]),
        (Routes.JOBS, [read_transcript, read_job_audio]),
        (Routes.SYNC_TRANSCRIPTION, [create_transcription]),
        (Routes.JOBS, [list_models, notification_socket]),
        (Routes.LIVE, [realtime_socket]),
        (Routes.OPERATIONS, [healthz, readyz, metrics_endpoint]),
        (Routes.SNS_NOTIFY, [notify]),
        (Routes.WEB_PAGE, web_page),
    ]
    return [route for group, routes in table if profile.mounts(group) for route in routes]


def _provide(provider: Any) -> Provide:
    return Provide(lambda: provider(), sync_to_thread=False)


def _value(value: Any) -> Provide:
    return Provide(lambda: value, sync_to_thread=False)


def _dependencies(container: Container) -> dict[str, Provide]:
    dependencies = {name: _provide(getattr(container, name)) for name in FROM_CONTAINER}
    dependencies |= {name: _value(getattr(container.http, name)()) for name in FROM_HTTP_PARTS}
    dependencies["readiness_checks"] = _value(readiness_checks(container))
    dependencies["metrics"] = _value(container.metrics())
    return dependencies


def _gauges(container: Container) -> None:
    metrics, slots, live = container.metrics(), container.http.upload_slots(), container.live_service()
    metrics.gauge(
        "voxrelay_open_sockets", "WebSockets this process holds", lambda: container.notifier().connection_count
    )
    metrics.gauge("voxrelay_queue_depth", "Jobs waiting or running", container.queue_depth())
    metrics.gauge("voxrelay_uploads_in_flight", "Uploads this process is reading", lambda: slots.in_flight)
    metrics.gauge(
        "voxrelay_live_streams", "Live streams (WS /v1/realtime) this process runs", lambda: live.slots.in_use
    )


def create_app(container: Container, *, warm_up: bool = True) -> Litestar:
    """Build the app on a built container (`build_container`); tests pass one with overridden providers."""
    config, profile = container.config, container.profile()
    keys, boundary = container.http.api_keys(), container.http.browser_boundary()
    dependencies = _dependencies(container)
    _gauges(container)
    return Litestar(
        route_handlers=route_table(profile),
        dependencies=dependencies,
        middleware=[
            browser_boundary_guard(boundary),
            *api_key_middleware(keys, WEB_PATHS if profile.mounts(Routes.WEB_PAGE) else None),
            upload_guard(
                config.upload_stall_seconds(), container.shutdown_signal(), config.upload_min_bytes_per_second()
            ),
            *([notify_guard(container.screen_sns_delivery)] if profile.mounts(Routes.SNS_NOTIFY) else []),
        ],
        logging_config=None,  # logging is configured once, by the process (entrypoints.logging_setup)
        cors_config=boundary.cors(),
        exception_handlers=EXCEPTION_HANDLERS,
        lifespan=[lifespan_of(container, warm_up=warm_up)],
        request_max_body_size=config.max_upload_bytes() + FORM_OVERHEAD_BYTES,
        openapi_config=OpenAPIConfig(title="voxrelay", version="0.1.0"),
        on_startup=[document_api],  # the multipart bodies and error answers Litestar cannot see
    )
