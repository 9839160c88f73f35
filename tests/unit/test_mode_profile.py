"""The mode profile decides, once, what each mode mounts, starts and needs; the app mounts
only the routes the profile says are backed (and documents only those)."""

from __future__ import annotations

import pytest

from entrypoints.composition.profile import Background, Dispatch, ModeProfile, Routes
from entrypoints.container import build_container
from entrypoints.http.app import route_table
from entrypoints.settings import Settings

AWS = {
    "storage": "s3",
    "transcriber": "aws",
    "s3_input_bucket": "in",
    "s3_output_bucket": "out",
    "sns_topic_arns": "arn:aws:sns:us-east-1:123456789012:voxrelay",
}


def profile_of(as_worker: bool = False, **settings) -> ModeProfile:
    return ModeProfile.of(Settings(**settings).validate(), worker=as_worker)


def test_the_embedded_mode_runs_jobs_on_its_own_threads_and_holds_the_model():
    profile = profile_of(storage="memory")
    assert (profile.state, profile.storage, profile.speech) == ("memory", "memory", "whisper")
    assert profile.dispatch is Dispatch.LOCAL_RUNNER and profile.runs_jobs and profile.needs_model
    assert profile.live_here
    assert profile.background == (
        Background.AWS_CLIENTS,
        Background.JOB_DISPATCHER,
        Background.MODEL_WARM_UP,
        Background.JOB_PURGER,
    )
    assert profile.routes == {Routes.JOBS, Routes.OPERATIONS, Routes.LIVE, Routes.SYNC_TRANSCRIPTION, Routes.WEB_PAGE}


def test_a_redis_replica_consumes_the_queue_and_relays_pushes():
    profile = profile_of(storage="memory", state="redis")
    assert profile.dispatch is Dispatch.QUEUE and profile.runs_jobs and profile.needs_model
    assert profile.background == (
        Background.AWS_CLIENTS,
        Background.JOB_DISPATCHER,
        Background.MODEL_WARM_UP,
        Background.QUEUE_WORKER,
        Background.PUSH_RELAY,
        Background.JOB_PURGER,
    )


def test_an_api_only_replica_needs_no_model_and_runs_no_job():
    profile = profile_of(storage="memory", state="redis", worker=False)
    assert not profile.runs_jobs and not profile.needs_model and not profile.live_here
    assert Background.MODEL_WARM_UP not in profile.background
    assert Background.QUEUE_WORKER not in profile.background
    assert Background.PUSH_RELAY in profile.background


def test_aws_mode_mounts_notify_not_the_synchronous_route_and_polls_silent_jobs():
    profile = profile_of(**AWS)
    assert profile.dispatch is Dispatch.TRANSCRIBE and not profile.runs_jobs and not profile.needs_model
    assert profile.mounts(Routes.SNS_NOTIFY) and not profile.mounts(Routes.SYNC_TRANSCRIPTION)
    assert profile.background == (
        Background.AWS_CLIENTS,
        Background.JOB_DISPATCHER,
        Background.SILENT_JOB_POLLER,
        Background.JOB_PURGER,
    )


def test_aws_with_redis_state_relays_pushes_but_consumes_no_queue():
    profile = profile_of(state="redis", **AWS)
    assert Background.PUSH_RELAY in profile.background and Background.QUEUE_WORKER not in profile.background


def test_kept_jobs_need_no_purger_and_a_hidden_web_page_is_not_mounted():
    profile = profile_of(storage="memory", job_retention_seconds=0, web_ui=False)
    assert Background.JOB_PURGER not in profile.background
    assert not profile.mounts(Routes.WEB_PAGE)


@pytest.mark.parametrize("transcriber", ["whisper", "aws"])
def test_a_worker_warms_the_model_once_then_consumes_the_queue_and_serves_nothing(transcriber):
    settings = {**AWS, "state": "redis"} if transcriber == "aws" else {"storage": "memory", "state": "redis"}
    profile = profile_of(as_worker=True, **settings)
    assert profile.state == "redis" and profile.routes == frozenset()
    warm_up = (Background.MODEL_WARM_UP,) if transcriber == "whisper" else ()
    assert profile.background == (*warm_up, Background.QUEUE_WORKER)


def _paths(settings: Settings) -> set[str]:
    routes = route_table(ModeProfile.of(settings))
    return {path for route in routes for path in (route.paths if hasattr(route, "paths") else {route.path})}


def test_no_engine_means_no_synchronous_route_and_no_notify_without_sns():
    assert "/v1/audio/transcriptions" not in _paths(Settings(**AWS).validate())
    assert "/notify" in _paths(Settings(**AWS).validate())
    whisper = _paths(Settings(storage="memory"))
    assert "/v1/audio/transcriptions" in whisper and "/notify" not in whisper
    assert {"/v1/jobs", "/healthz", "/v1/realtime", "/"} <= whisper


def test_the_container_plugs_the_adapter_sets_the_profile_names():
    container = build_container(Settings(storage="memory").validate())
    assert container.profile() == ModeProfile.of(Settings(storage="memory"))
    assert type(container.session_store()).__name__ == "MemorySessionStore"
    assert type(container.audio_storage()).__name__ == "MemoryAudioStorage"
    assert type(container.job_dispatcher()).__name__ == "LocalJobRunner"
    container.shutdown_resources()


def test_the_synchronous_route_has_its_own_lower_audio_limit():
    container = build_container(Settings(storage="memory", sync_max_audio_seconds=60.0).validate())
    assert container.sync_transcribe_now()._max_seconds == 60.0
    assert container.transcribe_now()._max_seconds == Settings().max_audio_seconds
