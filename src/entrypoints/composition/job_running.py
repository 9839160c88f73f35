"""Who runs a queued job, and how: threads in this process (with cross-request batching), the
Redis queue's workers, or Amazon Transcribe watched in flight; the profile picks one."""

from __future__ import annotations

from typing import Any

from dependency_injector import containers, providers

from application.use_cases import ReportProgress, RunTranscription, RunTranscriptionBatch
from application.watched_dispatch import WatchedJobDispatcher
from entrypoints.composition import runners
from entrypoints.local_runner import Batching


class JobRunning(containers.DeclarativeContainer):
    config = providers.Configuration()
    clock: providers.Dependency[Any] = providers.Dependency()
    jobs: providers.Dependency[Any] = providers.Dependency()
    storage: providers.Dependency[Any] = providers.Dependency()
    transcriber: providers.Dependency[Any] = providers.Dependency()
    complete: providers.Dependency[Any] = providers.Dependency()
    fail: providers.Dependency[Any] = providers.Dependency()
    sessions: providers.Dependency[Any] = providers.Dependency()
    job_notifier: providers.Dependency[Any] = providers.Dependency()
    queue: providers.Dependency[Any] = providers.Dependency()
    remote_dispatcher: providers.Dependency[Any] = providers.Dependency()
    in_flight_jobs: providers.Dependency[Any] = providers.Dependency()

    # Progress goes straight to the sockets (or over the bus), never to the pending list.
    report_progress = providers.Factory(ReportProgress, sessions=sessions, notifier=job_notifier)
    run_transcription = providers.Factory(
        RunTranscription,
        jobs=jobs,
        storage=storage,
        transcriber=transcriber,
        complete=complete,
        fail=fail,
        clock=clock,
        report_progress=report_progress,
    )
    # Cross-request batching (batch_jobs > 1): short clips of waiting jobs decoded together.
    batching = providers.Factory(
        Batching,
        run_batch=providers.Factory(
            RunTranscriptionBatch,
            jobs=jobs,
            storage=storage,
            transcriber=transcriber,
            complete=complete,
            fail=fail,
            clock=clock,
        ),
        jobs=config.batch_jobs,
        wait_seconds=config.batch_wait_seconds,
    )
    local_job_runner = providers.Resource(
        runners.local_runner,
        run=run_transcription,
        fail=fail,
        concurrency=config.concurrency,
        drain_seconds=config.shutdown_drain_seconds,
        batching=batching,
    )
    queue_worker = providers.Resource(
        runners.queue_worker,
        queue=queue,
        run=run_transcription,
        fail=fail,
        concurrency=config.concurrency,
        claim_idle_seconds=config.queue_claim_idle_seconds,
        drain_seconds=config.shutdown_drain_seconds,
    )
    watched_dispatcher = providers.Singleton(
        WatchedJobDispatcher, dispatcher=remote_dispatcher, in_flight=in_flight_jobs, clock=clock
    )
