import pytest

from application.errors import InvalidRequest, JobInProgress, JobNotFound
from application.notifications import NotificationType
from application.use_cases import (
    CancelJob,
    CancelJobCommand,
    CompleteJobCommand,
    DeleteJob,
    DeleteJobCommand,
    ListJobs,
    ListJobsCommand,
    PurgeExpiredJobs,
    RunTranscriptionCommand,
    SubmitAudioCommand,
)
from domain.errors import IllegalTransition
from domain.job import JobStatus
from domain.transcript import Segment, Transcript


def submit(world, owner=None, session=None):
    return world.submit.execute(
        SubmitAudioCommand(world.upload(), owner=owner, session_id=session.value if session else None)
    )


def test_jobs_are_listed_newest_first_and_only_to_their_owner(world):
    first, second = submit(world, "key-a"), submit(world, "key-a")
    submit(world, "key-b")
    page = ListJobs(world.jobs).execute(ListJobsCommand(owner="key-a"))
    assert [j.id for j in page.jobs] == [second.id, first.id]


def test_listing_refuses_an_unknown_status_and_an_absurd_page_size(world):
    with pytest.raises(InvalidRequest, match="QUEUED"):
        ListJobs(world.jobs).execute(ListJobsCommand(status="sleeping"))
    with pytest.raises(InvalidRequest):
        ListJobs(world.jobs).execute(ListJobsCommand(limit=0))


def test_a_cancelled_job_tells_its_session_and_ignores_a_late_result(world):
    session = world.open_session.execute().session_id
    job = submit(world, session=session)
    cancelled = CancelJob(world.jobs, world.events).execute(CancelJobCommand(job.id.value))
    assert cancelled.status is JobStatus.CANCELLED
    assert world.notifier.pushed[-1][1].type is NotificationType.CANCELLED
    transcript = Transcript.from_segments((Segment(0, 1, "late"),), language="en", duration=1)
    world.complete.execute(CompleteJobCommand(job.id.value, transcript))
    assert world.jobs.get(job.id).status is JobStatus.CANCELLED
    assert world.jobs.transcript(job.id) is None
    assert len(world.notifier.pushed) == 1


def test_a_finished_job_cannot_be_cancelled(world):
    job = submit(world)
    world.run.execute(RunTranscriptionCommand(job.id.value))
    with pytest.raises(IllegalTransition):
        CancelJob(world.jobs, world.events).execute(CancelJobCommand(job.id.value))


def test_a_job_cancelled_while_running_stops_at_its_next_progress_report(world):
    job = submit(world)
    cancel = CancelJob(world.jobs, world.events)
    world.transcriber.on_call = lambda: cancel.execute(CancelJobCommand(job.id.value))
    world.run.execute(RunTranscriptionCommand(job.id.value))
    assert world.jobs.get(job.id).status is JobStatus.CANCELLED
    assert world.jobs.transcript(job.id) is None


def test_deleting_a_job_removes_it_its_audio_its_transcript_and_its_pending_result(world):
    session = world.open_session.execute().session_id
    job = submit(world, session=session)
    world.run.execute(RunTranscriptionCommand(job.id.value))
    assert world.sessions.pending(session)
    DeleteJob(world.jobs, world.storage, world.sessions).execute(DeleteJobCommand(job.id.value))
    assert world.jobs.get(job.id) is None and world.jobs.transcript(job.id) is None
    assert world.storage.objects == {}
    assert world.sessions.pending(session) == []


def test_a_running_job_must_be_cancelled_before_it_is_deleted(world):
    job = submit(world)
    running = world.jobs.get(job.id)
    running.start(world.submit._clock())
    world.jobs.save(running)
    with pytest.raises(JobInProgress):
        DeleteJob(world.jobs, world.storage, world.sessions).execute(DeleteJobCommand(job.id.value))
    assert world.jobs.get(job.id) is not None


def test_another_owners_job_can_be_neither_cancelled_nor_deleted(world):
    job = submit(world, "key-a")
    with pytest.raises(JobNotFound):
        CancelJob(world.jobs, world.events).execute(CancelJobCommand(job.id.value, owner="key-b"))
    with pytest.raises(JobNotFound):
        DeleteJob(world.jobs, world.storage, world.sessions).execute(DeleteJobCommand(job.id.value, owner="key-b"))


def test_purging_deletes_only_jobs_finished_longer_ago_than_the_retention(world):
    old, queued = submit(world), submit(world)
    world.run.execute(RunTranscriptionCommand(old.id.value))
    delete = DeleteJob(world.jobs, world.storage, world.sessions)
    clock = world.submit._clock
    assert PurgeExpiredJobs(world.jobs, delete, retention_seconds=3600, clock=clock).execute() == 0
    assert PurgeExpiredJobs(world.jobs, delete, retention_seconds=0, clock=clock).execute() == 1
    assert world.jobs.get(old.id) is None
    assert world.jobs.get(queued.id) is not None and world.storage.exists(queued.audio)


def test_a_completion_racing_a_cancel_loses_and_tells_no_one(world):
    session = world.open_session.execute().session_id
    job = submit(world, session=session)
    world.notifier.connected.add(session)
    completing = world.jobs.get(job.id)  # a worker holds the job...
    CancelJob(world.jobs, world.events).execute(CancelJobCommand(job.id.value))  # ...when the client cancels it
    completing.complete(world.submit._clock())
    with pytest.raises(IllegalTransition):
        world.jobs.save(completing)
    transcript = Transcript.from_segments((Segment(0, 1, "late"),), language="en", duration=1)
    assert world.complete.execute(CompleteJobCommand(job.id.value, transcript)).status is JobStatus.CANCELLED
    assert [n.type for _, n in world.notifier.pushed] == [NotificationType.CANCELLED]
