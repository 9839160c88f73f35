"""The composition root: every use case wired to the adapters the mode profile chooses.

`build_container` turns the settings into a `ModeProfile` once and plugs the adapter sets it
names (`composition.modes`) into the `state`, `storage` and `speech` slots; the providers
below refer to those slots only and compare no mode. Nothing is created until a provider is
called, so importing this module connects to nothing and loads no model.
"""

from __future__ import annotations

from typing import Any

from dependency_injector import containers, providers

from adapters.prometheus import PrometheusMetrics
from adapters.pyav import PyAvAudioProbe
from adapters.websocket import WebSocketNotifier
from application.clock import utc_now
from application.job_endings import job_event_bus
from application.stored_audio import AccountedAudio
from application.use_cases import (
    CancelJob,
    CheckSubmissionAllowed,
    CloseSession,
    CompleteJob,
    DeleteJob,
    FailJob,
    GetJob,
    GetTranscript,
    HandleRemoteResult,
    HandleSnsDelivery,
    KeepLiveStream,
    KeepSessionAlive,
    ListJobs,
    NotifySession,
    OpenSession,
    PurgeExpiredJobs,
    ReadJobAudio,
    ReceiveUpload,
    ReconcileSilentJobs,
    ReportProgress,
    RunTranscription,
    RunTranscriptionBatch,
    ScreenSnsDelivery,
    SubmitAudio,
    SubmitUpload,
    TranscribeNow,
)
from application.watched_dispatch import WatchedJobDispatcher
from entrypoints import aws_resources, redis_clients
from entrypoints.composition import modes, runners, web
from entrypoints.composition.live import LiveParts
from entrypoints.composition.profile import ModeProfile
from entrypoints.composition.speakers import labelling
from entrypoints.local_runner import Batching
from entrypoints.periodic import periodic_task, poll_interval, purge_interval
from entrypoints.settings import Settings
from entrypoints.shutdown_signal import ShutdownSignal


class Container(containers.DeclarativeContainer):
    config = providers.Configuration(strict=True)
    profile = providers.Dependency(instance_of=ModeProfile)
    clock = providers.Object(utc_now)
    metrics = providers.Singleton(PrometheusMetrics)
    shutdown_signal = providers.Singleton(ShutdownSignal)

    # Connections open on first use (never at import) and close at shutdown.
    redis_client = providers.Resource(redis_clients.redis_client, url=config.redis_url)
    redis_async_client = providers.Resource(redis_clients.async_redis_client, url=config.redis_url)
    aws_client_config = providers.Singleton(
        aws_resources.client_config, timeout_seconds=config.aws_timeout_seconds, max_attempts=config.aws_max_attempts
    )
    s3_client = providers.Resource(aws_resources.boto3_client, "s3", region=config.aws_region, config=aws_client_config)
    transcribe_client = providers.Resource(
        aws_resources.boto3_client, "transcribe", region=config.aws_region, config=aws_client_config
    )
    certificate_source = providers.Resource(aws_resources.https_certificates)  # tests override it

    # The adapter sets the profile names (composition.modes): where state lives, where audio
    # is kept, who does the speech.
    state = providers.DependenciesContainer()
    storage = providers.DependenciesContainer()
    speech = providers.DependenciesContainer()
    session_store = state.session_store
    audio_storage = storage.audio_storage
    model_catalog = speech.model_catalog
    diarizer = speech.diarizer
    http = providers.Container(web.HttpParts, config=config)

    job_repository = state.job_store
    notifier = providers.Singleton(WebSocketNotifier, sessions=session_store, metrics=metrics)  # this process's sockets
    transcriber = providers.Singleton(labelling, speech.engine, diarizer, config.speakers)
    audio_probe = providers.Singleton(PyAvAudioProbe)

    # Each key's stored audio: counted against its quota, deleted when its job ends.
    stored_audio = providers.Singleton(
        AccountedAudio,
        storage=audio_storage,
        quota=state.storage_quota,
        jobs=job_repository,
        keep_audio=config.keep_audio,
    )
    # Asked before an upload is read; SubmitAudio still decides.
    check_submission_allowed = providers.Factory(
        CheckSubmissionAllowed, limiter=state.submission_limiter, jobs=job_repository, audio=stored_audio
    )

    # How a job ends and what that sets off: counted, its place and watch given back, its
    # session told, its audio gone. Only jobs Amazon Transcribe runs are watched in flight.
    notify_session = providers.Factory(
        NotifySession, sessions=session_store, pending=session_store, notifier=state.job_notifier
    )
    watched_in_flight: providers.Dependency[Any] = providers.Dependency()  # the profile's choice (modes.plug)
    job_events = providers.Singleton(
        job_event_bus,
        notify=notify_session,
        audio=stored_audio,
        metrics=metrics,
        limiter=state.submission_limiter,
        in_flight=watched_in_flight,
    )
    complete_job = providers.Factory(CompleteJob, jobs=job_repository, events=job_events, clock=clock)
    fail_job = providers.Factory(FailJob, jobs=job_repository, events=job_events, clock=clock)
    # Progress goes straight to the sockets (or over the bus), never to the pending list.
    report_progress = providers.Factory(ReportProgress, sessions=session_store, notifier=state.job_notifier)
    run_transcription = providers.Factory(
        RunTranscription,
        jobs=job_repository,
        storage=audio_storage,
        transcriber=transcriber,
        complete=complete_job,
        fail=fail_job,
        clock=clock,
        report_progress=report_progress,
    )
    # Cross-request batching (batch_jobs > 1): short clips of waiting jobs decoded together.
    batching = providers.Factory(
        Batching,
        run_batch=providers.Factory(
            RunTranscriptionBatch,
            jobs=job_repository,
            storage=audio_storage,
            transcriber=transcriber,
            complete=complete_job,
            fail=fail_job,
            clock=clock,
        ),
        jobs=config.batch_jobs,
        wait_seconds=config.batch_wait_seconds,
    )

    # Who runs a queued job (the profile's Dispatch): threads here, the Redis queue's workers,
    # or Amazon Transcribe.
    job_dispatcher: providers.Dependency[Any] = providers.Dependency()
    queue_depth: providers.Dependency[Any] = providers.Dependency()  # jobs waiting or running, for /metrics
    local_job_runner = providers.Resource(
        runners.local_runner,
        run=run_transcription,
        fail=fail_job,
        concurrency=config.concurrency,
        drain_seconds=config.shutdown_drain_seconds,
        batching=batching,
    )
    queue_worker = providers.Resource(
        runners.queue_worker,
        queue=state.job_queue,
        run=run_transcription,
        fail=fail_job,
        concurrency=config.concurrency,
        claim_idle_seconds=config.queue_claim_idle_seconds,
        drain_seconds=config.shutdown_drain_seconds,
    )
    watched_dispatcher = providers.Singleton(
        WatchedJobDispatcher, dispatcher=speech.aws_transcriber, in_flight=state.in_flight_jobs, clock=clock
    )
    push_relay = providers.Resource(
        web.push_relay, listener=state.push_listener, sockets=notifier, sessions=session_store
    )

    # What clients ask for.
    receive_upload = providers.Factory(ReceiveUpload, storage=audio_storage, max_bytes=config.max_upload_bytes)
    submit_audio = providers.Factory(
        SubmitAudio,
        storage=audio_storage,
        probe=audio_probe,
        jobs=job_repository,
        sessions=session_store,
        dispatcher=job_dispatcher,
        min_audio_seconds=config.min_audio_seconds,
        max_audio_seconds=config.max_audio_seconds,
        clock=clock,
        models=model_catalog,
        limiter=state.submission_limiter,
        audio=stored_audio,
        diarizer=diarizer,
        speakers_by_default=config.speakers,
        events=job_events,
    )
    submit_upload = providers.Factory(SubmitUpload, submit=submit_audio, storage=audio_storage)
    # One factory, the limit the only difference: the synchronous route has its own, lower one.
    transcribe_now = providers.Factory(
        TranscribeNow,
        probe=audio_probe,
        transcriber=transcriber,
        models=model_catalog,
        limiter=state.submission_limiter,
        max_audio_seconds=config.max_audio_seconds,
        diarizer=diarizer,
    )
    sync_transcribe_now = providers.Callable(transcribe_now, max_audio_seconds=config.sync_max_audio_seconds)
    open_session = providers.Factory(OpenSession, sessions=session_store, pending=session_store)
    close_session = providers.Factory(CloseSession, sessions=session_store)
    keep_session_alive = providers.Factory(KeepSessionAlive, sessions=session_store)
    get_job = providers.Factory(GetJob, jobs=job_repository)
    get_transcript = providers.Factory(GetTranscript, get_job=get_job)
    read_job_audio = providers.Factory(ReadJobAudio, jobs=job_repository, storage=audio_storage)
    list_jobs = providers.Factory(ListJobs, jobs=job_repository)
    cancel_job = providers.Factory(CancelJob, jobs=job_repository, events=job_events, clock=clock)
    delete_job = providers.Factory(DeleteJob, jobs=job_repository, storage=audio_storage, pending=session_store)

    # Live transcription (WS /v1/realtime): decoded here where the profile's live_here says the
    # model is, else a service that says where to connect instead.
    live = providers.Container(
        LiveParts,
        config=config,
        engine=speech.engine,
        models=model_catalog,
        storage=audio_storage,
        keep=providers.Factory(
            KeepLiveStream,
            jobs=job_repository,
            sessions=session_store,
            complete=complete_job,
            clock=clock,
            events=job_events,
        ),
    )
    live_service: providers.Dependency[Any] = providers.Dependency()

    # Housekeeping.
    purge_expired_jobs = providers.Factory(
        PurgeExpiredJobs,
        jobs=job_repository,
        delete=delete_job,
        retention_seconds=config.job_retention_seconds,
        clock=clock,
    )
    job_purger = providers.Resource(
        periodic_task,
        "purge-expired-jobs",
        run=purge_expired_jobs.provided.execute,
        interval_seconds=config.job_retention_seconds.as_(purge_interval),
    )

    # Results of Amazon Transcribe: from SNS, or by asking about silent jobs.
    handle_remote_result = providers.Factory(
        HandleRemoteResult,
        jobs=job_repository,
        engine=speech.remote_engine,
        complete=complete_job,
        fail=fail_job,
    )
    reconcile_silent_jobs = providers.Factory(
        ReconcileSilentJobs,
        jobs=job_repository,
        engine=speech.remote_engine,
        in_flight=state.in_flight_jobs,
        handle=handle_remote_result,
        silent_after_seconds=config.transcribe_poll_after_seconds,
        clock=clock,
    )
    handle_sns_delivery = providers.Factory(
        HandleSnsDelivery,
        verifier=speech.sns_verifier,
        deduplicator=state.sns_deduplicator,
        confirmer=speech.subscription_confirmer,
        translator=speech.sns_translator,
        handle=handle_remote_result,
    )
    screen_sns_delivery = providers.Factory(ScreenSnsDelivery, screen=speech.sns_verifier)
    silent_job_poller = providers.Resource(
        periodic_task,
        "silent-job-poll",
        run=reconcile_silent_jobs.provided.execute,
        interval_seconds=config.transcribe_poll_after_seconds.as_(poll_interval),
    )


def build_container(settings: Settings, profile: ModeProfile | None = None) -> Container:
    """The container for these (validated) settings, its adapters chosen by their profile."""
    container = Container()
    container.config.from_dict(settings.as_config())
    modes.plug(container, profile or ModeProfile.of(settings))
    return container
