"""A job's audio goes when the job ends, and each key may keep only so many bytes stored."""

from dataclasses import dataclass

import pytest

from adapters.memory.storage_quota import MemoryStorageQuota
from adapters.memory.submission_limiter import MemorySubmissionLimiter
from application.errors import StorageQuotaExceeded, TooManyActiveJobs
from application.job_endings import job_event_bus
from application.stored_audio import AccountedAudio
from application.use_cases import (
    CancelJob,
    CancelJobCommand,
    CheckSubmissionAllowed,
    CheckSubmissionCommand,
    CompleteJob,
    CompleteJobCommand,
    DeleteJob,
    DeleteJobCommand,
    FailJob,
    FailJobCommand,
    RunTranscription,
    RunTranscriptionCommand,
    SubmitAudio,
    SubmitAudioCommand,
)
from domain.transcript import Transcript
from tests.unit.conftest import SPEECH


@dataclass
class Accounted:
    submit: SubmitAudio
    check: CheckSubmissionAllowed
    cancel: CancelJob
    complete: CompleteJob
    fail: FailJob
    run: RunTranscription
    delete: DeleteJob
    quota: MemoryStorageQuota


def accounted(world, max_bytes=0, keep_audio=False, max_active=0) -> Accounted:
    quota = MemoryStorageQuota(max_bytes)
    audio = AccountedAudio(world.storage, quota, world.jobs, keep_audio=keep_audio)
    limiter = MemorySubmissionLimiter(0, max_active)
    events = job_event_bus(world.notify, audio=audio, limiter=limiter)
    complete = CompleteJob(world.jobs, events)
    fail = FailJob(world.jobs, events)
    return Accounted(
        submit=SubmitAudio(
            world.storage,
            world.probe,
            world.jobs,
            world.sessions,
            world.dispatcher,
            limiter=limiter,
            audio=audio,
            events=events,
        ),
        check=CheckSubmissionAllowed(limiter, world.jobs, audio=audio),
        cancel=CancelJob(world.jobs, events),
        complete=complete,
        fail=fail,
        run=RunTranscription(world.jobs, world.storage, world.transcriber, complete, fail, progress_interval=0),
        delete=DeleteJob(world.jobs, world.storage, world.sessions),
        quota=quota,
    )


def submit(world, service, owner="key-a", content=SPEECH):
    return service.submit.execute(SubmitAudioCommand(world.upload(content), owner=owner))


def test_submit_then_cancel_under_a_cap_of_one_active_job_leaves_no_audio(world):
    service = accounted(world, max_active=1)
    for _ in range(5):
        service.check.execute(CheckSubmissionCommand("key-a"))
        job = submit(world, service)
        with pytest.raises(TooManyActiveJobs):
            submit(world, service)
        service.cancel.execute(CancelJobCommand(job.id.value, "key-a"))
    assert world.storage.objects == {}


@pytest.mark.parametrize("ending", ["completed", "failed"])
def test_a_job_that_ends_leaves_no_audio_and_frees_its_bytes(world, ending):
    service = accounted(world, max_bytes=len(SPEECH))
    job = submit(world, service)
    assert service.quota.used("key-a") == len(SPEECH)
    if ending == "completed":
        service.run.execute(RunTranscriptionCommand(job.id.value))
    else:
        service.fail.execute(FailJobCommand(job.id.value, "the engine gave up"))
    assert world.storage.objects == {} and service.quota.used("key-a") == 0
    submit(world, service)  # room again


def test_the_quota_refuses_an_upload_that_does_not_fit_and_keeps_nothing_of_it(world):
    service = accounted(world, max_bytes=len(SPEECH) * 3 // 2)
    kept = submit(world, service)
    with pytest.raises(StorageQuotaExceeded):
        submit(world, service)
    assert list(world.storage.objects) == [kept.audio.key]
    submit(world, service, owner="key-b")  # another key has its own quota


def test_with_audio_kept_submit_then_cancel_fills_the_quota_and_the_next_upload_is_refused_before_it_is_read(world):
    service = accounted(world, max_bytes=len(SPEECH) * 2, keep_audio=True, max_active=1)
    for _ in range(2):
        service.cancel.execute(CancelJobCommand(submit(world, service).id.value, "key-a"))
    assert len(world.storage.objects) == 2
    with pytest.raises(StorageQuotaExceeded):
        service.check.execute(CheckSubmissionCommand("key-a"))
    service.check.execute(CheckSubmissionCommand("key-b"))


def test_deleting_kept_jobs_gives_their_room_back(world):
    service = accounted(world, max_bytes=len(SPEECH), keep_audio=True)
    job = submit(world, service)
    service.complete.execute(CompleteJobCommand(job.id.value, Transcript("hello", "en", 1.0)))
    assert len(world.storage.objects) == 1
    with pytest.raises(StorageQuotaExceeded):
        service.check.execute(CheckSubmissionCommand("key-a"))
    service.delete.execute(DeleteJobCommand(job.id.value, "key-a"))
    service.check.execute(CheckSubmissionCommand("key-a"))  # the ledger is checked against the store: the job is gone
    submit(world, service)


def test_bytes_whose_release_was_lost_are_forgotten_once_the_store_says_the_job_ended(world):
    service = accounted(world, max_bytes=len(SPEECH))
    job = submit(world, service)
    stored = world.jobs.get(job.id)
    stored.cancel(stored.created_at)
    world.jobs.save(stored)  # ended behind the quota's back, as a crash between the two would leave it
    assert service.quota.used("key-a") == len(SPEECH)
    submit(world, service)
