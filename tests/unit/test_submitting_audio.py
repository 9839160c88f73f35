import pytest

from application.errors import (
    AudioTooShort,
    EmptyAudio,
    InvalidRequest,
    SessionNotFound,
    UnsupportedAudio,
    UploadTooLarge,
)
from application.use_cases import ReceiveUploadCommand, SubmitAudioCommand
from domain.errors import InvalidValue
from domain.job import JobStatus
from domain.values import MediaFormat


def test_uploaded_audio_becomes_a_queued_job_bound_to_its_session_and_dispatched(world):
    session = world.open_session.execute().session_id
    job = world.submit.execute(SubmitAudioCommand(world.upload(), session_id=session.value))
    assert job.status is JobStatus.QUEUED
    assert job.media_format is MediaFormat.WAV
    assert job.audio_seconds == 2.0
    assert world.jobs.get(job.id) is not None
    assert world.jobs.get(job.id).session_id == session  # the stored job names its session
    assert [j.id for j in world.dispatcher.dispatched] == [job.id]


def test_a_job_can_be_submitted_without_a_session(world):
    job = world.submit.execute(SubmitAudioCommand(world.upload()))
    assert job.session_id is None
    assert world.dispatcher.dispatched


def test_the_seed_upload_requires_a_session_and_keeps_nothing_without_one(world):
    with pytest.raises(InvalidRequest):
        world.submit.execute(SubmitAudioCommand(world.upload(), require_session=True))
    assert world.storage.objects == {}


@pytest.mark.parametrize("token", ["x" * 32, "short", "../../etc/passwd"])
def test_an_unknown_or_malformed_session_is_refused_and_the_audio_deleted(world, token):
    with pytest.raises(SessionNotFound):
        world.submit.execute(SubmitAudioCommand(world.upload(), session_id=token))
    assert world.storage.objects == {}
    assert world.jobs.jobs == {}
    assert world.dispatcher.dispatched == []


def test_content_that_is_not_audio_is_refused_and_deleted(world):
    with pytest.raises(UnsupportedAudio):
        world.submit.execute(SubmitAudioCommand(world.upload(b"just some text")))
    assert world.storage.objects == {}


def test_a_declared_format_that_contradicts_the_content_is_refused(world):
    with pytest.raises(UnsupportedAudio, match="mp3"):
        world.submit.execute(SubmitAudioCommand(world.upload(), media_format="mp3"))
    assert world.storage.objects == {}


def test_an_unknown_declared_format_is_refused_as_invalid(world):
    with pytest.raises(InvalidValue):
        world.submit.execute(SubmitAudioCommand(world.upload(), media_format="aiff"))
    assert world.storage.objects == {}


def test_audio_shorter_than_the_minimum_is_refused(world):
    world.probe.duration_seconds = 0.2
    with pytest.raises(AudioTooShort):
        world.submit.execute(SubmitAudioCommand(world.upload()))
    assert world.storage.objects == {}


def test_a_bad_output_file_name_is_refused_before_a_job_exists(world):
    with pytest.raises(InvalidValue):
        world.submit.execute(SubmitAudioCommand(world.upload(), output_file_name="../evil"))
    assert world.storage.objects == {} and world.jobs.jobs == {}


def test_when_dispatch_fails_nothing_is_kept_and_the_error_surfaces(world):
    from application.errors import DependencyUnavailable

    world.dispatcher.unavailable = True
    with pytest.raises(DependencyUnavailable):
        world.submit.execute(SubmitAudioCommand(world.upload()))
    assert world.storage.objects == {}
    [job] = world.jobs.jobs.values()
    assert job.status is JobStatus.FAILED and "could not be queued" in job.error


def test_an_empty_upload_is_refused_and_leaves_nothing(world):
    with pytest.raises(EmptyAudio):
        world.receive.execute(ReceiveUploadCommand([b"", b""]))
    assert world.storage.objects == {}


def test_an_upload_over_the_limit_is_refused_as_soon_as_it_passes_it(world):
    consumed = []

    def chunks():
        for _ in range(100):
            consumed.append(1)
            yield b"x" * 300

    with pytest.raises(UploadTooLarge):
        world.receive.execute(ReceiveUploadCommand(chunks()))
    assert len(consumed) == 4  # 1200 bytes > 1000: stopped reading at the fourth chunk
    assert world.storage.objects == {}


def test_an_upload_exactly_at_the_limit_is_accepted(world):
    ref = world.receive.execute(ReceiveUploadCommand([b"y" * 1000]))
    assert ref.size_bytes == 1000
    assert world.storage.objects[ref.key] == b"y" * 1000
