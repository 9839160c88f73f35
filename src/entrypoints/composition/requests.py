"""What clients ask for: submit audio (uploaded, or to transcribe now), read, list, cancel and
delete jobs, open and keep sessions."""

from __future__ import annotations

from typing import Any

from dependency_injector import containers, providers

from application.use_cases import (
    CancelJob,
    CheckSubmissionAllowed,
    CloseSession,
    DeleteJob,
    GetJob,
    GetTranscript,
    KeepSessionAlive,
    ListJobs,
    OpenSession,
    ReadJobAudio,
    ReceiveUpload,
    SubmitAudio,
    SubmitUpload,
    TranscribeNow,
)


class ClientRequests(containers.DeclarativeContainer):
    config = providers.Configuration()
    clock: providers.Dependency[Any] = providers.Dependency()
    jobs: providers.Dependency[Any] = providers.Dependency()
    storage: providers.Dependency[Any] = providers.Dependency()
    sessions: providers.Dependency[Any] = providers.Dependency()
    probe: providers.Dependency[Any] = providers.Dependency()
    dispatcher: providers.Dependency[Any] = providers.Dependency()
    models: providers.Dependency[Any] = providers.Dependency()
    limiter: providers.Dependency[Any] = providers.Dependency()
    audio: providers.Dependency[Any] = providers.Dependency()
    diarizer: providers.Dependency[Any] = providers.Dependency()
    events: providers.Dependency[Any] = providers.Dependency()
    transcriber: providers.Dependency[Any] = providers.Dependency()

    # Asked before an upload is read; SubmitAudio still decides.
    check_submission_allowed = providers.Factory(CheckSubmissionAllowed, limiter=limiter, jobs=jobs, audio=audio)
    receive_upload = providers.Factory(ReceiveUpload, storage=storage, max_bytes=config.max_upload_bytes)
    submit_audio = providers.Factory(
        SubmitAudio,
        storage=storage,
        probe=probe,
        jobs=jobs,
        sessions=sessions,
        dispatcher=dispatcher,
        min_audio_seconds=config.min_audio_seconds,
        max_audio_seconds=config.max_audio_seconds,
        clock=clock,
        models=models,
        limiter=limiter,
        audio=audio,
        diarizer=diarizer,
        speakers_by_default=config.speakers,
        events=events,
    )
    submit_upload = providers.Factory(SubmitUpload, submit=submit_audio, storage=storage)
    # One factory, the limit the only difference: the synchronous route has its own, lower one.
    transcribe_now = providers.Factory(
        TranscribeNow,
        probe=probe,
        transcriber=transcriber,
        models=models,
        limiter=limiter,
        max_audio_seconds=config.max_audio_seconds,
        diarizer=diarizer,
    )
    sync_transcribe_now = providers.Callable(transcribe_now, max_audio_seconds=config.sync_max_audio_seconds)
    open_session = providers.Factory(OpenSession, sessions=sessions, pending=sessions)
    close_session = providers.Factory(CloseSession, sessions=sessions)
    keep_session_alive = providers.Factory(KeepSessionAlive, sessions=sessions)
    get_job = providers.Factory(GetJob, jobs=jobs)
    get_transcript = providers.Factory(GetTranscript, get_job=get_job)
    read_job_audio = providers.Factory(ReadJobAudio, jobs=jobs, storage=storage)
    list_jobs = providers.Factory(ListJobs, jobs=jobs)
    cancel_job = providers.Factory(CancelJob, jobs=jobs, events=events, clock=clock)
    delete_job = providers.Factory(DeleteJob, jobs=jobs, storage=storage, pending=sessions)
