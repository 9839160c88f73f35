"""Jobs run by a remote engine (Amazon Transcribe in production) end through HandleRemoteResult
and ReconcileSilentJobs, here on the memory adapters and a scripted engine."""

from __future__ import annotations

import pytest

from adapters.memory import MemoryInFlightJobs, ScriptedRemoteEngine
from application.errors import DependencyUnavailable
from application.job_endings import job_event_bus
from application.notifications import NotificationType
from application.ports import RemoteJobState, RemoteJobStatus
from application.use_cases import (
    CompleteJob,
    FailJob,
    HandleRemoteResult,
    ReconcileSilentJobs,
    RemoteJobFailed,
    RemoteTranscriptWritten,
    SubmitAudio,
    SubmitAudioCommand,
)
from application.watched_dispatch import WatchedJobDispatcher
from domain.job import JobStatus
from domain.transcript import Segment, Transcript
from tests.contracts.remote_engine import RemoteEngineContract
from tests.support.clocks import FakeClock


@pytest.fixture
def remote(world):
    clock = FakeClock()
    engine = ScriptedRemoteEngine()
    in_flight = MemoryInFlightJobs()
    events = job_event_bus(world.notify, in_flight=in_flight)
    handle = HandleRemoteResult(world.jobs, engine, CompleteJob(world.jobs, events), FailJob(world.jobs, events))
    dispatcher = WatchedJobDispatcher(world.dispatcher, in_flight, clock.utc)
    world.submit = SubmitAudio(world.storage, world.probe, world.jobs, world.sessions, dispatcher)
    reconcile = ReconcileSilentJobs(world.jobs, engine, in_flight, handle, 600, clock.utc)
    return clock, engine, in_flight, handle, reconcile


def submitted(world):
    session = world.open_session.execute().session_id
    world.notifier.connected.add(session)
    return world.submit.execute(SubmitAudioCommand(world.upload(), session_id=session.value))


def a_transcript(text="hello from afar"):
    return Transcript.from_segments((Segment(0, 1, text),), language="en", duration=1.0)


def test_a_written_transcript_completes_the_job_and_is_pushed(world, remote):
    _, engine, in_flight, handle, _ = remote
    job = submitted(world)
    assert job.id.value in in_flight.watched
    engine.finish(job.id.value, a_transcript())

    handle.execute(RemoteTranscriptWritten(job.id.value))

    [(_, pushed)] = world.notifier.pushed
    assert pushed.type is NotificationType.COMPLETED and pushed.transcript.text == "hello from afar"
    assert world.jobs.get(job.id).status is JobStatus.COMPLETED
    assert in_flight.watched == {}


def test_the_same_result_delivered_twice_pushes_once_and_fetches_once(world, remote):
    _, engine, _, handle, _ = remote
    job = submitted(world)
    engine.finish(job.id.value, a_transcript())

    handle.execute(RemoteTranscriptWritten(job.id.value))
    handle.execute(RemoteTranscriptWritten(job.id.value))

    assert len(world.notifier.pushed) == 1
    assert engine.asked == [("transcript", job.id.value)]


def test_a_transcript_that_cannot_be_read_fails_the_job_instead_of_retrying(world, remote):
    _, engine, in_flight, handle, _ = remote
    job = submitted(world)
    engine.transcripts[job.id.value] = ScriptedRemoteEngine.UNREADABLE

    ended = handle.execute(RemoteTranscriptWritten(job.id.value))

    assert ended.status is JobStatus.FAILED and "not valid JSON" in ended.error
    [(_, pushed)] = world.notifier.pushed
    assert pushed.type is NotificationType.FAILED
    assert in_flight.watched == {}


def test_a_failure_reported_by_the_engine_reaches_the_session_with_its_reason(world, remote):
    _, _, _, handle, _ = remote
    job = submitted(world)

    handle.execute(RemoteJobFailed(job.id.value, "The media format is not supported"))

    [(_, pushed)] = world.notifier.pushed
    assert pushed.type is NotificationType.FAILED
    assert pushed.error == "The media format is not supported"


def test_results_for_jobs_that_are_not_ours_change_nothing(world, remote):
    _, engine, _, handle, _ = remote
    assert handle.execute(RemoteTranscriptWritten("0" * 32)) is None
    assert handle.execute(RemoteJobFailed("not-a-job-id", "x")) is None
    assert world.notifier.pushed == [] and engine.asked == []


def test_a_failure_after_completion_leaves_the_job_completed(world, remote):
    _, engine, _, handle, _ = remote
    job = submitted(world)
    engine.finish(job.id.value, a_transcript())
    handle.execute(RemoteTranscriptWritten(job.id.value))

    assert handle.execute(RemoteJobFailed(job.id.value, "late")).status is JobStatus.COMPLETED
    assert len(world.notifier.pushed) == 1


def test_a_job_silent_past_the_limit_that_failed_in_the_engine_fails_here(world, remote):
    clock, engine, in_flight, _, reconcile = remote
    job = submitted(world)
    engine.states[job.id.value] = RemoteJobState(RemoteJobStatus.FAILED, "Invalid sample rate")

    assert reconcile.execute() == 0  # not silent for long enough yet
    assert engine.asked == []
    clock.advance(601)
    assert reconcile.execute() == 1

    [(_, pushed)] = world.notifier.pushed
    assert pushed.type is NotificationType.FAILED and pushed.error == "Invalid sample rate"
    assert in_flight.watched == {}


def test_a_silent_job_still_running_is_asked_about_again_only_after_another_wait(world, remote):
    clock, engine, in_flight, _, reconcile = remote
    job = submitted(world)
    engine.states[job.id.value] = RemoteJobState(RemoteJobStatus.IN_PROGRESS)
    clock.advance(601)

    assert reconcile.execute() == 0
    assert reconcile.execute() == 0
    assert engine.asked == [("state", job.id.value)]
    assert in_flight.watched[job.id.value] == clock.utc()
    assert world.notifier.pushed == []


def test_a_silent_job_whose_announcement_was_lost_completes_from_its_transcript(world, remote):
    clock, engine, _, _, reconcile = remote
    job = submitted(world)
    engine.finish(job.id.value, a_transcript("found by polling"))
    clock.advance(601)

    assert reconcile.execute() == 1
    [(_, pushed)] = world.notifier.pushed
    assert pushed.transcript.text == "found by polling"


@pytest.mark.parametrize("transcript_written", [False, True])
def test_a_silent_job_the_engine_cannot_account_for_fails(world, remote, transcript_written):
    clock, engine, _, _, reconcile = remote
    job = submitted(world)
    if transcript_written:  # completed, says the engine, yet there is no transcript
        engine.states[job.id.value] = RemoteJobState(RemoteJobStatus.COMPLETED)
    clock.advance(601)

    assert reconcile.execute() == 1
    [(_, pushed)] = world.notifier.pushed
    assert pushed.type is NotificationType.FAILED
    assert ("wrote no transcript" if transcript_written else "no record") in pushed.error


def test_an_engine_outage_leaves_silent_jobs_watched_for_the_next_round(world, remote):
    clock, engine, in_flight, _, reconcile = remote
    first, second = submitted(world), submitted(world)
    engine.unavailable = True
    clock.advance(601)

    assert reconcile.execute() == 0
    assert len(engine.asked) == 1  # the round stopped at the first outage
    assert set(in_flight.watched) == {first.id.value, second.id.value}
    assert world.notifier.pushed == []


def test_a_job_the_engine_refused_is_not_watched(world, remote):
    _, _, in_flight, _, _ = remote
    world.dispatcher.unavailable = True
    with pytest.raises(DependencyUnavailable):
        submitted(world)
    assert in_flight.watched == {}


class ScriptedSide:
    def __init__(self, engine: ScriptedRemoteEngine) -> None:
        self._engine = engine

    def start(self, job) -> None:
        self._engine.states[job.id.value] = RemoteJobState(RemoteJobStatus.QUEUED)

    def write(self, job, transcript) -> None:
        self._engine.finish(job.id.value, transcript)

    def spoil(self, job) -> None:
        self._engine.transcripts[job.id.value] = ScriptedRemoteEngine.UNREADABLE


class TestScriptedRemoteEngine(RemoteEngineContract):
    @pytest.fixture
    def engine(self) -> ScriptedRemoteEngine:
        return ScriptedRemoteEngine()

    @pytest.fixture
    def remote(self, engine) -> ScriptedSide:
        return ScriptedSide(engine)
