"""ModeProfile: what this process is, decided once from the settings.

Every choice that depends on the mode (which adapters, which routes, which background
resources, whether jobs run here, whether a model is needed) is made in `ModeProfile.of`;
the container, the app, the lifespan and the worker read the profile and compare no mode
strings of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from entrypoints.settings import Settings


class Routes(Enum):
    """Groups of routes; a group is mounted only where this mode backs it."""

    JOBS = "jobs"  # uploads, jobs, transcripts, audio, the notification socket, /v1/models
    OPERATIONS = "operations"  # /healthz, /readyz, /metrics
    LIVE = "live"  # WS /v1/realtime (refuses with a reason where no model is here)
    SYNC_TRANSCRIPTION = "sync_transcription"  # POST /v1/audio/transcriptions: an engine here answers it
    SNS_NOTIFY = "sns_notify"  # POST /notify: Amazon Transcribe's results arrive through SNS
    WEB_PAGE = "web_page"


class Background(Enum):
    """Resources started (in this order) when the process starts and stopped when it stops."""

    AWS_CLIENTS = "aws_clients"  # boto3 clients made off the event loop, not by a first request
    JOB_DISPATCHER = "job_dispatcher"  # the local job runner's threads, the queue or Amazon Transcribe
    MODEL_WARM_UP = "model_warm_up"  # load and exercise the model: the first job is no slower
    QUEUE_WORKER = "queue_worker"  # consume the Redis job queue in this process
    PUSH_RELAY = "push_relay"  # hand pushes from the Redis bus to this process's sockets
    SILENT_JOB_POLLER = "silent_job_poller"  # ask Amazon Transcribe about jobs it is silent on
    JOB_PURGER = "job_purger"  # delete jobs past their retention


class Dispatch(Enum):
    """Who runs a submitted job."""

    LOCAL_RUNNER = "local_runner"  # threads of this process (memory state)
    QUEUE = "queue"  # the Redis job queue, consumed by every worker
    TRANSCRIBE = "transcribe"  # Amazon Transcribe, watched until its result arrives


@dataclass(frozen=True)
class ModeProfile:
    state: str  # memory | redis: the adapter set that holds sessions, jobs and limits
    storage: str  # local | memory | s3
    speech: str  # whisper | aws
    dispatch: Dispatch
    runs_jobs: bool  # this process transcribes jobs itself
    needs_model: bool  # this process holds the speech model (jobs or live streams run here)
    routes: frozenset[Routes]
    background: tuple[Background, ...]

    @classmethod
    def of(cls, settings: Settings, *, worker: bool = False) -> ModeProfile:
        """`worker`: the profile of `voxrelay worker` (Redis state, the queue's consumer, no HTTP)."""
        aws = settings.transcriber == "aws"
        redis = worker or settings.state == "redis"
        runs_jobs = not aws and (worker or not redis or settings.worker)
        return cls(
            state="redis" if redis else "memory",
            storage=settings.storage,
            speech=settings.transcriber,
            dispatch=_dispatch(aws, redis),
            runs_jobs=runs_jobs,
            needs_model=runs_jobs,
            routes=frozenset() if worker else _routes(aws, settings.web_ui),
            background=_worker_background(aws) if worker else _serve_background(settings, aws, redis, runs_jobs),
        )

    @property
    def live_here(self) -> bool:
        """Live streams decode where the model is: not on an API-only replica, nor with Amazon Transcribe."""
        return self.needs_model

    def mounts(self, group: Routes) -> bool:
        return group in self.routes

    def starts(self, resource: Background) -> bool:
        return resource in self.background


def _dispatch(aws: bool, redis: bool) -> Dispatch:
    if aws:
        return Dispatch.TRANSCRIBE
    return Dispatch.QUEUE if redis else Dispatch.LOCAL_RUNNER


def _routes(aws: bool, web_ui: bool) -> frozenset[Routes]:
    routes = {Routes.JOBS, Routes.OPERATIONS, Routes.LIVE}
    # Amazon Transcribe answers through SNS, minutes later: nobody waits for it on a request.
    routes.add(Routes.SNS_NOTIFY if aws else Routes.SYNC_TRANSCRIPTION)
    if web_ui:
        routes.add(Routes.WEB_PAGE)
    return frozenset(routes)


def _serve_background(settings: Settings, aws: bool, redis: bool, runs_jobs: bool) -> tuple[Background, ...]:
    wanted = {
        Background.AWS_CLIENTS: True,
        Background.JOB_DISPATCHER: True,
        Background.MODEL_WARM_UP: runs_jobs,  # an API-only replica needs no model
        Background.QUEUE_WORKER: redis and runs_jobs,  # with Amazon Transcribe there is no queue
        Background.PUSH_RELAY: redis,
        Background.SILENT_JOB_POLLER: aws,
        Background.JOB_PURGER: settings.job_retention_seconds > 0,
    }
    return tuple(resource for resource in Background if wanted[resource])


def _worker_background(aws: bool) -> tuple[Background, ...]:
    # The model once per process, shared by every consumer thread; then the consumers (with
    # Amazon Transcribe nothing feeds the queue, but a worker started anyway consumes it, as ever).
    return (Background.QUEUE_WORKER,) if aws else (Background.MODEL_WARM_UP, Background.QUEUE_WORKER)
