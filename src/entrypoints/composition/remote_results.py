"""Results of Amazon Transcribe: from SNS deliveries, or by asking about jobs it has been
silent on."""

from __future__ import annotations

from typing import Any

from dependency_injector import containers, providers

from application.use_cases import HandleRemoteResult, HandleSnsDelivery, ReconcileSilentJobs, ScreenSnsDelivery
from entrypoints.periodic import periodic_task, poll_interval


class RemoteResults(containers.DeclarativeContainer):
    config = providers.Configuration()
    clock: providers.Dependency[Any] = providers.Dependency()
    jobs: providers.Dependency[Any] = providers.Dependency()
    engine: providers.Dependency[Any] = providers.Dependency()
    complete: providers.Dependency[Any] = providers.Dependency()
    fail: providers.Dependency[Any] = providers.Dependency()
    in_flight: providers.Dependency[Any] = providers.Dependency()
    verifier: providers.Dependency[Any] = providers.Dependency()
    deduplicator: providers.Dependency[Any] = providers.Dependency()
    confirmer: providers.Dependency[Any] = providers.Dependency()
    translator: providers.Dependency[Any] = providers.Dependency()

    handle_remote_result = providers.Factory(HandleRemoteResult, jobs=jobs, engine=engine, complete=complete, fail=fail)
    reconcile_silent_jobs = providers.Factory(
        ReconcileSilentJobs,
        jobs=jobs,
        engine=engine,
        in_flight=in_flight,
        handle=handle_remote_result,
        silent_after_seconds=config.transcribe_poll_after_seconds,
        clock=clock,
    )
    handle_sns_delivery = providers.Factory(
        HandleSnsDelivery,
        verifier=verifier,
        deduplicator=deduplicator,
        confirmer=confirmer,
        translator=translator,
        handle=handle_remote_result,
    )
    screen_sns_delivery = providers.Factory(ScreenSnsDelivery, screen=verifier)  # the /notify guard's face checks
    silent_job_poller = providers.Resource(
        periodic_task,
        "silent-job-poll",
        run=reconcile_silent_jobs.provided.execute,
        interval_seconds=config.transcribe_poll_after_seconds.as_(poll_interval),
    )
