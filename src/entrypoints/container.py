"""The composition root: every use case wired to the adapters the configuration chooses.

The providers of each concern live in `entrypoints.composition` (AWS, the engine, state);
`Container` inherits them and adds storage, the use cases and the job runners. Nothing is
created until a provider is called, so importing this module connects to nothing and loads
no model.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from dependency_injector import providers

from adapters.aws import S3AudioStorage
from adapters.local import LocalDiskAudioStorage
from adapters.memory import MemoryAudioStorage
from adapters.redis import RedisJobQueue
from adapters.silero import SileroVoiceActivity
from adapters.whisper.live_decoder import WhisperLiveDecoder
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
    SubmitAudio,
    SubmitUpload,
    TranscribeNow,
)
from application.watched_dispatch import WatchedJobDispatcher
from entrypoints.composition.aws import AwsProviders
from entrypoints.composition.engines import EngineProviders
from entrypoints.composition.foundation import Foundation
from entrypoints.composition.live import live_elsewhere, live_service, live_settings
from entrypoints.composition.state import StateProviders
from entrypoints.local_runner import Batching, LocalJobRunner
from entrypoints.periodic import periodic_task, poll_interval, purge_interval
from entrypoints.queue_worker import QueueWorker

config, clock = Foundation.config, Foundation.clock
jobs, sessions = StateProviders.job_repository, StateProviders.session_store
transcriber = EngineProviders.transcriber


def local_runner(
    run: RunTranscription, fail: FailJob, concurrency: int, drain_seconds: float, batching: Batching | None = None
) -> Iterator[LocalJobRunner]:
    runner = LocalJobRunner(run, fail, concurrency, drain_seconds, batching)
    runner.start()
    yield runner
    runner.stop(wait=True)


def queue_worker(
    queue: RedisJobQueue,
    run: RunTranscription,
    fail: FailJob,
    concurrency: int,
    claim_idle_seconds: float,
    drain_seconds: float = 30.0,
) -> Iterator[QueueWorker]:
    worker = QueueWorker(queue, run, fail, concurrency, claim_idle_seconds)
    worker.start()
    yield worker
    worker.stop(drain_seconds=drain_seconds)


class Container(AwsProviders, EngineProviders, StateProviders):
    audio_storage = providers.Selector(
        config.storage,
        local=providers.Singleton(LocalDiskAudioStorage, root=config.data_dir.as_(Path)),
        memory=providers.Singleton(MemoryAudioStorage),
        s3=providers.Singleton(
            S3AudioStorage,
            client=AwsProviders.s3_client,
            bucket=config.s3_input_bucket,
            prefix=config.s3_input_prefix,
        ),
    )

    # Each key's stored audio: counted against its quota, deleted when its job ends.
    stored_audio = providers.Singleton(
        AccountedAudio,
        storage=audio_storage,
        quota=StateProviders.storage_quota,
        jobs=jobs,
        keep_audio=config.keep_audio,
    )
    # Asked before an upload is read; SubmitAudio still decides.
    check_submission_allowed = providers.Factory(
        CheckSubmissionAllowed, limiter=StateProviders.submission_limiter, jobs=jobs, audio=stored_audio
    )

    # How a job ends and what that sets off: counted, its place and watch given back, its
    # session told, its audio gone. Only AWS mode watches jobs in flight.
    notify_session = providers.Factory(
        NotifySession, sessions=sessions, pending=sessions, notifier=StateProviders.job_notifier
    )
    job_events = providers.Singleton(
        job_event_bus,
        notify=notify_session,
        audio=stored_audio,
        metrics=Foundation.metrics,
        limiter=StateProviders.submission_limiter,
        in_flight=providers.Selector(
            config.transcriber, aws=AwsProviders.in_flight_jobs, whisper=providers.Object(None)
        ),
    )
    complete_job = providers.Factory(CompleteJob, jobs=jobs, events=job_events, clock=clock)
    fail_job = providers.Factory(FailJob, jobs=jobs, events=job_events, clock=clock)
    # Progress goes straight to the sockets (or over the bus), never to the pending list.
    report_progress = providers.Factory(ReportProgress, sessions=sessions, notifier=StateProviders.job_notifier)
    run_transcription = providers.Factory(
        RunTranscription,
        jobs=jobs,
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
            jobs=jobs,
            storage=audio_storage,
            transcriber=transcriber,
            complete=complete_job,
            fail=fail_job,
            clock=clock,
        ),
        jobs=config.batch_jobs,
        wait_seconds=config.batch_wait_seconds,
    )

    # Threads of this process that run queued jobs (memory state).
    local_job_runner = providers.Resource(
        local_runner,
        run=run_transcription,
        fail=fail_job,
        concurrency=config.concurrency,
        drain_seconds=config.shutdown_drain_seconds,
        batching=batching,
    )
    # Who runs a queued job: threads here, the Redis queue's workers, or Amazon Transcribe.
    job_dispatcher = providers.Selector(
        config.transcriber,
        whisper=providers.Selector(
            config.state,
            memory=local_job_runner,
            redis=StateProviders.job_queue,
        ),
        aws=providers.Singleton(
            WatchedJobDispatcher,
            dispatcher=AwsProviders.aws_transcriber,
            in_flight=AwsProviders.in_flight_jobs,
            clock=clock,
        ),
    )
    queue_worker = providers.Resource(
        queue_worker,
        queue=StateProviders.job_queue,
        run=run_transcription,
        fail=fail_job,
        concurrency=config.concurrency,
        claim_idle_seconds=config.queue_claim_idle_seconds,
        drain_seconds=config.shutdown_drain_seconds,
    )

    # What clients ask for.
    receive_upload = providers.Factory(ReceiveUpload, storage=audio_storage, max_bytes=config.max_upload_bytes)
    submit_audio = providers.Factory(
        SubmitAudio,
        storage=audio_storage,
        probe=EngineProviders.audio_probe,
        jobs=jobs,
        sessions=sessions,
        dispatcher=job_dispatcher,
        min_audio_seconds=config.min_audio_seconds,
        max_audio_seconds=config.max_audio_seconds,
        clock=clock,
        models=EngineProviders.model_catalog,
        limiter=StateProviders.submission_limiter,
        audio=stored_audio,
        diarizer=EngineProviders.diarizer,
        speakers_by_default=config.speakers,
        events=job_events,
    )
    submit_upload = providers.Factory(SubmitUpload, submit=submit_audio, storage=audio_storage)
    transcribe_now = providers.Factory(
        TranscribeNow,
        probe=EngineProviders.audio_probe,
        transcriber=transcriber,
        models=EngineProviders.model_catalog,
        limiter=StateProviders.submission_limiter,
        max_audio_seconds=config.max_audio_seconds,
        diarizer=EngineProviders.diarizer,
    )
    # The synchronous route's own, lower bound on audio length.
    sync_transcribe_now = providers.Factory(
        TranscribeNow,
        probe=EngineProviders.audio_probe,
        transcriber=transcriber,
        models=EngineProviders.model_catalog,
        limiter=StateProviders.submission_limiter,
        max_audio_seconds=config.sync_max_audio_seconds,
        diarizer=EngineProviders.diarizer,
    )
    open_session = providers.Factory(OpenSession, sessions=sessions, pending=sessions)
    close_session = providers.Factory(CloseSession, sessions=sessions)
    keep_session_alive = providers.Factory(KeepSessionAlive, sessions=sessions)
    get_job = providers.Factory(GetJob, jobs=jobs)
    get_transcript = providers.Factory(GetTranscript, get_job=get_job)
    read_job_audio = providers.Factory(ReadJobAudio, jobs=jobs, storage=audio_storage)
    list_jobs = providers.Factory(ListJobs, jobs=jobs)
    cancel_job = providers.Factory(CancelJob, jobs=jobs, events=job_events, clock=clock)
    delete_job = providers.Factory(DeleteJob, jobs=jobs, storage=audio_storage, pending=sessions)

    # Live transcription (WS /v1/realtime), where this process holds the model.
    live_service = providers.Selector(
        config.live_mode,
        elsewhere=providers.Singleton(live_elsewhere, config.live_max_streams, config.live_max_streams_per_key),
        here=providers.Singleton(
            live_service,
            settings=providers.Factory(
                live_settings,
                decode_interval_seconds=config.live_decode_interval_seconds,
                max_utterance_seconds=config.live_max_utterance_seconds,
                max_stream_seconds=config.live_max_stream_seconds,
                max_ahead_seconds=config.live_max_ahead_seconds,
            ),
            vad=providers.Singleton(SileroVoiceActivity),
            decoder=providers.Singleton(WhisperLiveDecoder, EngineProviders.engine),
            keep=providers.Factory(
                KeepLiveStream, jobs=jobs, sessions=sessions, complete=complete_job, clock=clock, events=job_events
            ),
            storage=audio_storage,
            models=EngineProviders.model_catalog,
            idle_seconds=config.live_idle_seconds,
            max_streams=config.live_max_streams,
            max_streams_per_key=config.live_max_streams_per_key,
        ),
    )

    # Housekeeping.
    purge_expired_jobs = providers.Factory(
        PurgeExpiredJobs, jobs=jobs, delete=delete_job, retention_seconds=config.job_retention_seconds, clock=clock
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
        jobs=jobs,
        engine=AwsProviders.remote_engine,
        complete=complete_job,
        fail=fail_job,
    )
    reconcile_silent_jobs = providers.Factory(
        ReconcileSilentJobs,
        jobs=jobs,
        engine=AwsProviders.remote_engine,
        in_flight=AwsProviders.in_flight_jobs,
        handle=handle_remote_result,
        silent_after_seconds=config.transcribe_poll_after_seconds,
        clock=clock,
    )
    handle_sns_delivery = providers.Factory(
        HandleSnsDelivery,
        verifier=AwsProviders.sns_verifier,
        deduplicator=AwsProviders.sns_deduplicator,
        confirmer=AwsProviders.subscription_confirmer,
        translator=AwsProviders.sns_translator,
        handle=handle_remote_result,
    )
    silent_job_poller = providers.Resource(
        periodic_task,
        "silent-job-poll",
        run=reconcile_silent_jobs.provided.execute,
        interval_seconds=config.transcribe_poll_after_seconds.as_(poll_interval),
    )


def build_container(config: dict) -> Container:
    container = Container()
    container.config.from_dict(config)
    return container
