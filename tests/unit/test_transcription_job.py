from datetime import UTC, datetime, timedelta

import pytest

from domain.errors import IllegalTransition, InvalidValue
from domain.events import JobCompleted, JobFailed, JobNotQueued, JobStarted, JobSubmitted
from domain.job import JobStatus, TranscriptionJob
from domain.values import AudioReference, JobId, MediaFormat, OutputFileName, SessionId

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def new_job(**overrides) -> TranscriptionJob:
    return TranscriptionJob.submit(
        audio=AudioReference("a" * 32, 10), media_format=MediaFormat.WAV, now=T0, **overrides
    )


def test_a_submitted_job_is_queued_and_named_after_its_id_by_default():
    job = new_job()
    assert job.status is JobStatus.QUEUED
    assert job.output_file_name.value == job.id.value
    assert [type(e) for e in job.pull_events()] == [JobSubmitted]


def test_a_job_goes_from_queued_through_in_progress_to_completed():
    job = new_job()
    job.start(T0 + timedelta(seconds=1))
    assert job.status is JobStatus.IN_PROGRESS and job.attempts == 1
    assert job.complete(T0 + timedelta(seconds=2)) is True
    assert job.status is JobStatus.COMPLETED
    assert job.finished_at == T0 + timedelta(seconds=2)
    assert job.progress == 1.0
    assert [type(e) for e in job.pull_events()] == [JobSubmitted, JobStarted, JobCompleted]


def test_completing_twice_changes_nothing_and_records_no_second_event():
    job = new_job()
    job.complete(T0)
    job.pull_events()
    assert job.complete(T0 + timedelta(seconds=5)) is False
    assert job.finished_at == T0
    assert job.pull_events() == []


def test_a_failed_job_cannot_complete_and_a_completed_job_cannot_fail():
    failed = new_job()
    failed.fail("engine crashed", T0)
    with pytest.raises(IllegalTransition):
        failed.complete(T0)
    completed = new_job()
    completed.complete(T0)
    with pytest.raises(IllegalTransition):
        completed.fail("late", T0)
    with pytest.raises(IllegalTransition):
        completed.start(T0)


def test_failing_records_the_reason_once():
    job = new_job()
    job.pull_events()
    assert job.fail("decoder error", T0) is True
    assert job.fail("again", T0) is False
    assert job.error == "decoder error"
    events = job.pull_events()
    assert len(events) == 1 and isinstance(events[0], JobFailed) and events[0].reason == "decoder error"


def test_a_job_that_could_not_be_queued_fails_with_its_own_event_and_only_from_queued():
    job = new_job()
    job.pull_events()
    job.fail_to_queue("could not be queued: down", T0)
    assert job.status is JobStatus.FAILED and job.error == "could not be queued: down"
    [event] = job.pull_events()
    assert isinstance(event, JobNotQueued) and event.reason == "could not be queued: down"
    with pytest.raises(IllegalTransition):
        job.fail_to_queue("again", T0)


def test_a_restarted_job_counts_its_attempts():
    job = new_job()
    job.start(T0)
    job.start(T0)
    assert job.attempts == 2


def test_progress_is_kept_between_zero_and_one_and_only_while_running():
    job = new_job()
    job.report_progress(0.5, T0)
    assert job.progress == 0.0
    job.start(T0)
    job.report_progress(1.7, T0)
    assert job.progress == 1.0


def test_a_copy_is_detached_from_the_original():
    job = new_job()
    copy = job.copy()
    copy.start(T0)
    assert job.status is JobStatus.QUEUED


@pytest.mark.parametrize("name", ["", "a/b", "../x", "x" * 201, "spaces are bad", "..", "ü"])
def test_output_file_names_are_restricted_to_a_safe_alphabet(name):
    with pytest.raises(InvalidValue):
        OutputFileName(name)


def test_output_file_name_accepts_the_documented_alphabet():
    assert OutputFileName("My_file-1.v2").value == "My_file-1.v2"


def test_session_ids_are_random_and_long_enough():
    ids = {SessionId.new().value for _ in range(100)}
    assert len(ids) == 100
    assert all(len(i) >= 22 for i in ids)  # 22 url-safe characters carry 128 bits


def test_malformed_ids_are_refused():
    with pytest.raises(InvalidValue):
        JobId("not-a-job")
    with pytest.raises(InvalidValue):
        SessionId("short")


def test_media_formats_parse_case_insensitively_and_name_the_choices_when_unknown():
    assert MediaFormat.parse(" WAV ") is MediaFormat.WAV
    with pytest.raises(InvalidValue, match="wav, mp3"):
        MediaFormat.parse("aiff")
    assert MediaFormat.M4A.compatible_with(MediaFormat.MP4)
    assert not MediaFormat.WAV.compatible_with(MediaFormat.MP3)
