"""SubmitAudio and TranscribeNow with a SubmissionLimiter: rates and unfinished jobs per key."""

import io

import pytest

from adapters.memory.submission_limiter import MemorySubmissionLimiter
from application.errors import DependencyUnavailable, RateLimited, TooManyActiveJobs
from application.job_endings import job_event_bus
from application.ports.submission_limiter import ANONYMOUS_CALLER
from application.use_cases import (
    FailJob,
    FailJobCommand,
    RunTranscriptionCommand,
    SubmitAudio,
    SubmitAudioCommand,
    TranscribeNow,
    TranscribeNowCommand,
)
from domain.transcript import TranscriptionOptions
from tests.unit.conftest import SPEECH


def limited(world, per_window: int = 0, max_active: int = 0) -> tuple[SubmitAudio, MemorySubmissionLimiter]:
    limiter = MemorySubmissionLimiter(per_window, max_active)
    submit = SubmitAudio(world.storage, world.probe, world.jobs, world.sessions, world.dispatcher, limiter=limiter)
    return submit, limiter


def test_a_key_over_its_rate_is_told_when_to_retry_and_its_audio_is_not_kept(world):
    submit, _ = limited(world, per_window=2)
    for _ in range(2):
        submit.execute(SubmitAudioCommand(world.upload(), owner="key-a"))
    with pytest.raises(RateLimited) as refused:
        submit.execute(SubmitAudioCommand(world.upload(), owner="key-a"))
    assert 0 < refused.value.retry_after_seconds <= 60
    assert len(world.storage.objects) == 2
    submit.execute(SubmitAudioCommand(world.upload(), owner="key-b"))  # another key is not slowed


def test_without_keys_every_caller_shares_one_allowance(world):
    submit, limiter = limited(world, per_window=1)
    submit.execute(SubmitAudioCommand(world.upload()))
    with pytest.raises(RateLimited):
        submit.execute(SubmitAudioCommand(world.upload()))
    assert ANONYMOUS_CALLER in limiter.windows


def test_a_key_with_its_maximum_of_unfinished_jobs_is_refused_until_one_ends(world):
    submit, limiter = limited(world, max_active=2)
    first = submit.execute(SubmitAudioCommand(world.upload(), owner="key-a"))
    submit.execute(SubmitAudioCommand(world.upload(), owner="key-a"))
    with pytest.raises(TooManyActiveJobs):
        submit.execute(SubmitAudioCommand(world.upload(), owner="key-a"))
    assert len(world.storage.objects) == 2
    world.run.execute(RunTranscriptionCommand(first.id.value))  # completes: the next submission finds room
    third = submit.execute(SubmitAudioCommand(world.upload(), owner="key-a"))
    assert first.id.value not in limiter.active_jobs("key-a")
    assert third.id.value in limiter.active_jobs("key-a")


def test_a_job_that_could_not_be_queued_does_not_hold_a_place(world):
    submit, limiter = limited(world, max_active=1)
    world.dispatcher.unavailable = True
    with pytest.raises(DependencyUnavailable):
        submit.execute(SubmitAudioCommand(world.upload(), owner="key-a"))
    assert limiter.active_jobs("key-a") == []


def test_transcribe_now_counts_a_caller_against_the_rate_but_not_the_command_line(world):
    limiter = MemorySubmissionLimiter(1, 0)
    now = TranscribeNow(world.probe, world.transcriber, limiter=limiter)
    now.execute(TranscribeNowCommand(io.BytesIO(SPEECH), TranscriptionOptions(), caller="key-a"))
    with pytest.raises(RateLimited):
        now.execute(TranscribeNowCommand(io.BytesIO(SPEECH), TranscriptionOptions(), caller="key-a"))
    now.execute(TranscribeNowCommand(io.BytesIO(SPEECH), TranscriptionOptions()))  # no caller: a local run


def test_an_ended_job_gives_its_place_back_as_it_ends(world):
    limiter = MemorySubmissionLimiter(0, 1)
    events = job_event_bus(world.notify, limiter=limiter)
    submit = SubmitAudio(
        world.storage, world.probe, world.jobs, world.sessions, world.dispatcher, limiter=limiter, events=events
    )
    job = submit.execute(SubmitAudioCommand(world.upload(), owner="key-a"))
    assert limiter.active_jobs("key-a") == [job.id.value]
    FailJob(world.jobs, events).execute(FailJobCommand(job.id.value, "the engine gave up"))
    assert limiter.active_jobs("key-a") == []  # released by the job's end, not by a later check
