"""Unit tests wire the use cases to the memory adapters: no disk, network or model."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from adapters.memory import (
    MemoryAudioStorage,
    MemoryJobRepository,
    MemorySessionStore,
    RecordingJobDispatcher,
    RecordingNotifier,
    ScriptedAudioProbe,
    ScriptedTranscriber,
)
from adapters.memory.scripted_engine import FAKE_AUDIO_MAGIC
from application.job_endings import job_event_bus
from application.message_bus import MessageBus
from application.use_cases import (
    CompleteJob,
    FailJob,
    NotifySession,
    OpenSession,
    ReceiveUpload,
    ReceiveUploadCommand,
    RunTranscription,
    SubmitAudio,
)
from tests.support.clocks import FakeClock

SPEECH = FAKE_AUDIO_MAGIC + b" pretend this is speech"


@dataclass
class World:
    storage: MemoryAudioStorage
    jobs: MemoryJobRepository
    sessions: MemorySessionStore
    notifier: RecordingNotifier
    dispatcher: RecordingJobDispatcher
    probe: ScriptedAudioProbe
    transcriber: ScriptedTranscriber
    receive: ReceiveUpload
    submit: SubmitAudio
    notify: NotifySession
    events: MessageBus
    complete: CompleteJob
    fail: FailJob
    run: RunTranscription
    open_session: OpenSession

    def upload(self, content: bytes = SPEECH):
        return self.receive.execute(ReceiveUploadCommand([content[:5], content[5:]]))


@pytest.fixture
def world() -> World:
    clock = FakeClock(step=1.0).utc  # each reading a second on: every event has its own instant
    storage = MemoryAudioStorage()
    jobs = MemoryJobRepository()
    sessions = MemorySessionStore(session_ttl_seconds=60)
    notifier = RecordingNotifier(sessions)
    dispatcher = RecordingJobDispatcher()
    probe = ScriptedAudioProbe()
    transcriber = ScriptedTranscriber("hello from the test")
    notify = NotifySession(sessions, notifier)
    events = job_event_bus(notify)
    complete = CompleteJob(jobs, events, clock)
    fail = FailJob(jobs, events, clock)
    return World(
        storage=storage,
        jobs=jobs,
        sessions=sessions,
        notifier=notifier,
        dispatcher=dispatcher,
        probe=probe,
        transcriber=transcriber,
        receive=ReceiveUpload(storage, max_bytes=1000),
        submit=SubmitAudio(
            storage, probe, jobs, sessions, dispatcher, min_audio_seconds=0.5, clock=clock, events=events
        ),
        notify=notify,
        events=events,
        complete=complete,
        fail=fail,
        run=RunTranscription(jobs, storage, transcriber, complete, fail, clock, progress_interval=0),
        open_session=OpenSession(sessions, sessions),
    )
