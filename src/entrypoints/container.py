"""The composition root: every use case wired to the adapters the mode profile chooses.

`build_container` turns the settings into a `ModeProfile` once and plugs the adapter sets it
names (`composition.modes`) into the `state`, `storage` and `speech` slots; the parts below
(connections, job endings, job running, client requests, remote results, live, http) refer to
those slots only and compare no mode. The root names each part's providers again, so
`container.submit_audio` and every other name works (and is overridden) as it did when they
all lived here. Nothing is created until a provider is called, so importing this module
connects to nothing and loads no model.
"""

from __future__ import annotations

from typing import Any, cast

from dependency_injector import containers, providers

from adapters.prometheus import PrometheusMetrics
from adapters.pyav import PyAvAudioProbe
from adapters.websocket import SessionKeeping, WebSocketNotifier
from application.clock import utc_now
from application.use_cases import KeepLiveStream, PurgeExpiredJobs
from entrypoints.composition import modes, web
from entrypoints.composition.connections import Connections
from entrypoints.composition.job_endings import JobEndings
from entrypoints.composition.job_running import JobRunning
from entrypoints.composition.live import LiveParts
from entrypoints.composition.profile import ModeProfile
from entrypoints.composition.remote_results import RemoteResults
from entrypoints.composition.requests import ClientRequests
from entrypoints.composition.speakers import labelling
from entrypoints.periodic import periodic_task, purge_interval
from entrypoints.settings import Settings
from entrypoints.shutdown_signal import ShutdownSignal


def _resource(provider: providers.Provider[Any]) -> providers.Resource[Any]:
    """A part's Resource named again here: the part's attribute is typed as any provider."""
    return cast(providers.Resource[Any], provider)


class Container(containers.DeclarativeContainer):
    config = providers.Configuration(strict=True)
    profile = providers.Dependency(instance_of=ModeProfile)
    clock = providers.Object(utc_now)
    metrics = providers.Singleton(PrometheusMetrics)
    shutdown_signal = providers.Singleton(ShutdownSignal)

    connections = providers.Container(Connections, config=config)
    redis_client = _resource(connections.redis_client)
    aws_client_config = connections.aws_client_config
    redis_async_client = _resource(connections.redis_async_client)
    s3_client = _resource(connections.s3_client)
    transcribe_client = _resource(connections.transcribe_client)
    certificate_source = _resource(connections.certificate_source)

    # The adapter sets the profile names (composition.modes): where state lives, where audio
    # is kept, who does the speech.
    state = providers.DependenciesContainer()
    storage = providers.DependenciesContainer()
    speech = providers.DependenciesContainer()
    session_store = state.session_store
    audio_storage = storage.audio_storage
    model_catalog = speech.model_catalog
    diarizer = speech.diarizer
    job_repository = state.job_store
    http = providers.Container(web.HttpParts, config=config)

    session_keeping = providers.Singleton(SessionKeeping, session_store, http.session_keepalive_seconds)
    notifier = providers.Singleton(  # this process's sockets, and the sessions they keep alive
        WebSocketNotifier,
        sessions=session_store,
        metrics=metrics,
        keep_alive=session_keeping,
    )
    transcriber = providers.Singleton(labelling, speech.engine, diarizer, config.speakers)
    audio_probe = providers.Singleton(PyAvAudioProbe)

    watched_in_flight: providers.Dependency[Any] = providers.Dependency()  # the profile's choice (modes.plug)
    endings = providers.Container(
        JobEndings,
        config=config,
        clock=clock,
        metrics=metrics,
        jobs=job_repository,
        sessions=session_store,
        storage=audio_storage,
        quota=state.storage_quota,
        limiter=state.submission_limiter,
        job_notifier=state.job_notifier,
        in_flight=watched_in_flight,
    )
    stored_audio = endings.stored_audio
    notify_session = endings.notify_session
    job_events = endings.job_events
    complete_job = endings.complete_job
    fail_job = endings.fail_job

    # Who runs a queued job (the profile's Dispatch, plugged into job_dispatcher).
    job_dispatcher: providers.Dependency[Any] = providers.Dependency()
    queue_depth: providers.Dependency[Any] = providers.Dependency()  # jobs waiting or running, for /metrics
    running = providers.Container(
        JobRunning,
        config=config,
        clock=clock,
        jobs=job_repository,
        storage=audio_storage,
        transcriber=transcriber,
        complete=complete_job,
        fail=fail_job,
        sessions=session_store,
        job_notifier=state.job_notifier,
        queue=state.job_queue,
        remote_dispatcher=speech.aws_transcriber,
        in_flight_jobs=state.in_flight_jobs,
    )
    report_progress = running.report_progress
    run_transcription = running.run_transcription
    batching = running.batching
    local_job_runner = _resource(running.local_job_runner)
    queue_worker = _resource(running.queue_worker)
    watched_dispatcher = running.watched_dispatcher
    push_relay = providers.Resource(
        web.push_relay, listener=state.push_listener, sockets=notifier, sessions=session_store
    )

    requests = providers.Container(
        ClientRequests,
        config=config,
        clock=clock,
        jobs=job_repository,
        storage=audio_storage,
        sessions=session_store,
        probe=audio_probe,
        dispatcher=job_dispatcher,
        models=model_catalog,
        limiter=state.submission_limiter,
        audio=stored_audio,
        diarizer=diarizer,
        events=job_events,
        transcriber=transcriber,
    )
    check_submission_allowed = requests.check_submission_allowed
    receive_upload = requests.receive_upload
    submit_audio = requests.submit_audio
    submit_upload = requests.submit_upload
    transcribe_now = requests.transcribe_now
    sync_transcribe_now = requests.sync_transcribe_now
    open_session = requests.open_session
    close_session = requests.close_session
    keep_session_alive = requests.keep_session_alive
    get_job = requests.get_job
    get_transcript = requests.get_transcript
    read_job_audio = requests.read_job_audio
    list_jobs = requests.list_jobs
    cancel_job = requests.cancel_job
    delete_job = requests.delete_job

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

    remote = providers.Container(
        RemoteResults,
        config=config,
        clock=clock,
        jobs=job_repository,
        engine=speech.remote_engine,
        complete=complete_job,
        fail=fail_job,
        in_flight=state.in_flight_jobs,
        verifier=speech.sns_verifier,
        deduplicator=state.sns_deduplicator,
        confirmer=speech.subscription_confirmer,
        translator=speech.sns_translator,
    )
    handle_remote_result = remote.handle_remote_result
    reconcile_silent_jobs = remote.reconcile_silent_jobs
    handle_sns_delivery = remote.handle_sns_delivery
    screen_sns_delivery = remote.screen_sns_delivery
    silent_job_poller = _resource(remote.silent_job_poller)


def build_container(settings: Settings, profile: ModeProfile | None = None) -> Container:
    """The container for these (validated) settings, its adapters chosen by their profile."""
    container = Container()
    container.config.from_dict(settings.as_config())
    modes.plug(container, profile or ModeProfile.of(settings))
    return container
