"""How a job ends and what that sets off: counted, its place and watch given back, its session
told, its audio gone. Only jobs Amazon Transcribe runs are watched in flight."""

from __future__ import annotations

from typing import Any

from dependency_injector import containers, providers

from application.job_endings import job_event_bus
from application.stored_audio import AccountedAudio
from application.use_cases import CompleteJob, FailJob, NotifySession


class JobEndings(containers.DeclarativeContainer):
    config = providers.Configuration()
    clock: providers.Dependency[Any] = providers.Dependency()
    metrics: providers.Dependency[Any] = providers.Dependency()
    jobs: providers.Dependency[Any] = providers.Dependency()
    sessions: providers.Dependency[Any] = providers.Dependency()
    storage: providers.Dependency[Any] = providers.Dependency()
    quota: providers.Dependency[Any] = providers.Dependency()
    limiter: providers.Dependency[Any] = providers.Dependency()
    job_notifier: providers.Dependency[Any] = providers.Dependency()
    in_flight: providers.Dependency[Any] = providers.Dependency()  # None where no job is watched

    # Each key's stored audio: counted against its quota, deleted when its job ends.
    stored_audio = providers.Singleton(
        AccountedAudio, storage=storage, quota=quota, jobs=jobs, keep_audio=config.keep_audio
    )
    notify_session = providers.Factory(NotifySession, pending=sessions, notifier=job_notifier)
    job_events = providers.Singleton(
        job_event_bus,
        notify=notify_session,
        audio=stored_audio,
        metrics=metrics,
        limiter=limiter,
        in_flight=in_flight,
    )
    complete_job = providers.Factory(CompleteJob, jobs=jobs, events=job_events, clock=clock)
    fail_job = providers.Factory(FailJob, jobs=jobs, events=job_events, clock=clock)
