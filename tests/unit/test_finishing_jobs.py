from datetime import UTC, datetime

import pytest

from adapters.memory import MemoryJobRepository
from application.errors import JobNotFound, SessionNotFound
from application.message_bus import MessageBus
from application.notifications import NotificationType
from application.use_cases import (
    CompleteJob,
    CompleteJobCommand,
    FailJobCommand,
    GetJob,
    GetJobCommand,
    OpenSessionCommand,
    RunTranscriptionCommand,
    SubmitAudioCommand,
)
from domain.errors import IllegalTransition
from domain.events import JobCancelled, JobCompleted
from domain.job import JobStatus, TranscriptionJob
from domain.transcript import Segment, Transcript
from domain.values import AudioReference, MediaFormat


def submitted(world, connected=True):
    session = world.open_session.execute().session_id
    if connected:
        world.notifier.connected.add(session)
    job = world.submit.execute(SubmitAudioCommand(world.upload(), session_id=session.value))
    return session, job


def a_transcript(text="hello world"):
    return Transcript.from_segments((Segment(0, 1, text),), language="en", duration=1.0)


def test_completed_job_is_pushed_to_the_session_that_submitted_it(world):
    session, job = submitted(world)
    world.complete.execute(CompleteJobCommand(job.id.value, a_transcript()))
    [(to, notification)] = world.notifier.pushed
    assert to == session
    assert notification.type is NotificationType.COMPLETED
    assert notification.transcript.text == "hello world"
    assert notification.job.status is JobStatus.COMPLETED


def test_completing_twice_pushes_once(world):
    _, job = submitted(world)
    world.complete.execute(CompleteJobCommand(job.id.value, a_transcript()))
    world.complete.execute(CompleteJobCommand(job.id.value, a_transcript("other")))
    assert len(world.notifier.pushed) == 1
    assert world.jobs.transcript(job.id).text == "hello world"


def test_a_failed_job_pushes_its_reason(world):
    _, job = submitted(world)
    world.fail.execute(FailJobCommand(job.id.value, "engine crashed"))
    world.fail.execute(FailJobCommand(job.id.value, "engine crashed again"))
    [(_, notification)] = world.notifier.pushed
    assert notification.type is NotificationType.FAILED
    assert notification.error == "engine crashed"


def test_a_failed_job_cannot_be_completed_later_and_keeps_no_transcript(world):
    _, job = submitted(world)
    world.fail.execute(FailJobCommand(job.id.value, "boom"))
    with pytest.raises(IllegalTransition):
        world.complete.execute(CompleteJobCommand(job.id.value, a_transcript()))
    assert world.jobs.transcript(job.id) is None


def test_a_result_for_a_disconnected_session_waits_until_it_reconnects(world):
    session, job = submitted(world, connected=False)
    world.complete.execute(CompleteJobCommand(job.id.value, a_transcript()))
    resumed = world.open_session.execute(OpenSessionCommand(session.value))
    assert resumed.resumed
    assert [n.job_id for n in resumed.pending] == [job.id.value]


def test_a_delivered_result_is_no_longer_pending(world):
    session, job = submitted(world, connected=True)
    world.complete.execute(CompleteJobCommand(job.id.value, a_transcript()))
    assert world.open_session.execute(OpenSessionCommand(session.value)).pending == []


def test_resuming_an_unknown_session_is_refused(world):
    with pytest.raises(SessionNotFound):
        world.open_session.execute(OpenSessionCommand("x" * 32))
    with pytest.raises(SessionNotFound):
        world.open_session.execute(OpenSessionCommand("bad token"))


def test_a_job_without_a_session_notifies_no_one(world):
    job = world.submit.execute(SubmitAudioCommand(world.upload()))
    world.complete.execute(CompleteJobCommand(job.id.value, a_transcript()))
    assert world.notifier.pushed == []
    assert world.jobs.get(job.id).status is JobStatus.COMPLETED


def test_completing_an_unknown_job_is_an_error(world):
    with pytest.raises(JobNotFound):
        world.complete.execute(CompleteJobCommand("f" * 32, a_transcript()))


def test_running_a_job_transcribes_its_audio_and_completes_it(world):
    _session, job = submitted(world)
    world.run.execute(RunTranscriptionCommand(job.id.value))
    stored = world.jobs.get(job.id)
    assert stored.status is JobStatus.COMPLETED and stored.attempts == 1
    assert world.transcriber.calls[0][0].startswith(b"FAKEAUDIO")
    assert world.notifier.pushed[0][1].transcript.text == "hello from the test"


def test_an_engine_failure_ends_the_job_failed_with_the_reason(world):
    world.transcriber.failure = "audio could not be decoded"
    _, job = submitted(world)
    world.run.execute(RunTranscriptionCommand(job.id.value))
    assert world.jobs.get(job.id).status is JobStatus.FAILED
    assert world.notifier.pushed[0][1].error == "audio could not be decoded"


def test_a_job_whose_audio_vanished_fails_with_a_reason(world):
    _, job = submitted(world)
    world.storage.delete(job.audio)
    world.run.execute(RunTranscriptionCommand(job.id.value))
    assert "no longer stored" in world.jobs.get(job.id).error


def test_running_a_finished_job_again_does_nothing(world):
    _, job = submitted(world)
    world.run.execute(RunTranscriptionCommand(job.id.value))
    world.run.execute(RunTranscriptionCommand(job.id.value))
    assert len(world.transcriber.calls) == 1
    assert len(world.notifier.pushed) == 1


def test_get_job_returns_the_transcript_once_completed(world):
    _, job = submitted(world)
    get = GetJob(world.jobs)
    assert get.execute(GetJobCommand(job.id.value)).transcript is None
    world.run.execute(RunTranscriptionCommand(job.id.value))
    view = get.execute(GetJobCommand(job.id.value))
    assert view.job.status is JobStatus.COMPLETED
    assert view.transcript.text == "hello from the test"


@pytest.mark.parametrize("raw", ["nope", "f" * 32, "../../etc"])
def test_get_job_treats_malformed_and_unknown_ids_alike(world, raw):
    with pytest.raises(JobNotFound):
        GetJob(world.jobs).execute(GetJobCommand(raw))


def test_a_job_is_visible_only_to_the_key_that_created_it(world):
    job = world.submit.execute(SubmitAudioCommand(world.upload(), owner="key-a"))
    get = GetJob(world.jobs)
    assert get.execute(GetJobCommand(job.id.value, owner="key-a")).job.id == job.id
    with pytest.raises(JobNotFound):
        get.execute(GetJobCommand(job.id.value, owner="key-b"))


def test_a_session_cannot_be_resumed_or_used_by_another_key(world):
    session = world.open_session.execute(OpenSessionCommand(owner="key-a")).session_id
    with pytest.raises(SessionNotFound):
        world.open_session.execute(OpenSessionCommand(session.value, owner="key-b"))
    with pytest.raises(SessionNotFound):
        world.submit.execute(SubmitAudioCommand(world.upload(), session_id=session.value, owner="key-b"))
    assert world.storage.objects == {}
    job = world.submit.execute(SubmitAudioCommand(world.upload(), session_id=session.value, owner="key-a"))
    assert job.owner == "key-a"
    assert world.open_session.execute(OpenSessionCommand(session.value, owner="key-a")).resumed


class CancelledWhileRunning(MemoryJobRepository):
    """A cancel another process saves just after the worker read the job."""

    def get(self, job_id):
        job = super().get(job_id)
        if job is not None and not job.status.is_final:
            cancelled = job.copy()
            cancelled.cancel(datetime.now(UTC))
            super().save(cancelled)
        return job


def test_a_completion_that_lost_to_a_cancel_tells_no_one_and_keeps_no_transcript():
    jobs = CancelledWhileRunning()
    now = datetime.now(UTC)
    job = TranscriptionJob.submit(audio=AudioReference("a" * 32, 1), media_format=MediaFormat.WAV, now=now)
    job.pull_events()
    jobs.add(job)
    told = []
    complete = CompleteJob(jobs, MessageBus({JobCompleted: (told.append,), JobCancelled: (told.append,)}))

    ended = complete.execute(CompleteJobCommand(job.id.value, a_transcript()))

    assert ended.status is JobStatus.CANCELLED and told == []
    assert jobs.transcript(job.id) is None
