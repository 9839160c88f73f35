"""SubmitUpload, GetTranscript and KeepSessionAlive: the workflows the HTTP handlers used to assemble."""

import pytest

from application.errors import InvalidRequest, SessionNotFound, TranscriptNotReady
from application.use_cases import (
    FailJobCommand,
    GetJob,
    GetJobCommand,
    GetTranscript,
    KeepSessionAlive,
    RunTranscriptionCommand,
    SessionCommand,
    SubmitUpload,
    SubmitUploadCommand,
)
from domain.errors import InvalidValue
from domain.job import JobStatus
from domain.values import LanguageCode


def upload(world):
    return SubmitUpload(world.submit, world.storage)


def test_an_upload_with_its_fields_becomes_a_queued_job(world):
    job = upload(world).execute(
        SubmitUploadCommand(world.upload(), {"language": " en ", "speakers": "off", "model": ""}, owner="key-a")
    )
    assert job.status is JobStatus.QUEUED and job.owner == "key-a"
    assert job.language == LanguageCode("en") and job.model is None and job.speakers is False


@pytest.mark.parametrize("flag", ["maybe", "2"])
def test_a_speakers_flag_that_is_neither_true_nor_false_is_refused_and_leaves_nothing(world, flag):
    with pytest.raises(InvalidValue):
        upload(world).execute(SubmitUploadCommand(world.upload(), {"speakers": flag}))
    assert world.storage.objects == {} and world.jobs.jobs == {}


def test_a_form_without_a_file_is_refused(world):
    with pytest.raises(InvalidRequest):
        upload(world).execute(SubmitUploadCommand(None, {"language": "en"}))


def test_a_refusal_after_the_audio_arrived_leaves_nothing(world):
    with pytest.raises(SessionNotFound):
        upload(world).execute(SubmitUploadCommand(world.upload(), {"session_id": "x" * 32}))
    assert world.storage.objects == {}


def test_the_seed_route_needs_a_session(world):
    with pytest.raises(InvalidRequest):
        upload(world).execute(SubmitUploadCommand(world.upload(), require_session=True))
    assert world.storage.objects == {}


def test_a_transcript_is_there_once_the_job_completed(world):
    job = upload(world).execute(SubmitUploadCommand(world.upload()))
    get_transcript = GetTranscript(GetJob(world.jobs))
    with pytest.raises(TranscriptNotReady, match="job is QUEUED; no transcript yet"):
        get_transcript.execute(GetJobCommand(job.id.value))
    world.run.execute(RunTranscriptionCommand(job.id.value))
    found = get_transcript.execute(GetJobCommand(job.id.value))
    assert found.transcript.text == "hello from the test" and found.job.id == job.id


def test_a_failed_job_has_no_transcript_and_says_why(world):
    job = upload(world).execute(SubmitUploadCommand(world.upload()))
    world.fail.execute(FailJobCommand(job.id.value, "the engine gave up"))
    with pytest.raises(TranscriptNotReady, match="job is FAILED: the engine gave up"):
        GetTranscript(GetJob(world.jobs)).execute(GetJobCommand(job.id.value))


def test_a_connected_client_keeps_its_session_alive():
    from adapters.memory import MemorySessionStore
    from domain.values import SessionId

    now = [0.0]
    sessions = MemorySessionStore(session_ttl_seconds=60, monotonic=lambda: now[0])
    session = SessionId.new()
    sessions.open(session)
    now[0] = 50.0
    KeepSessionAlive(sessions).execute(SessionCommand(session))
    now[0] = 100.0
    assert sessions.is_open(session)
    now[0] = 111.0
    assert not sessions.is_open(session)
