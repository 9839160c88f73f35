import asyncio

from adapters.json_codec import progress_to_json
from adapters.memory import MemorySessionStore
from adapters.redis.notification_bus import decode_push, encode_progress
from adapters.websocket import NoKeeping, WebSocketNotifier
from application.notifications import JobProgress
from application.use_cases import (
    ReportProgress,
    ReportProgressCommand,
    RunTranscription,
    RunTranscriptionCommand,
    SubmitAudioCommand,
)
from domain.values import SessionId


def running_with_reports(world, interval=0.0):
    report = ReportProgress(world.sessions, world.notifier)
    run = RunTranscription(
        world.jobs,
        world.storage,
        world.transcriber,
        world.complete,
        world.fail,
        progress_interval=interval,
        report_progress=report,
    )
    session = world.open_session.execute().session_id
    world.notifier.connected.add(session)
    job = world.submit.execute(SubmitAudioCommand(world.upload(), session_id=session.value))
    return run, session, job


def test_a_running_job_reports_its_progress_to_its_session_before_its_result(world):
    run, session, job = running_with_reports(world)
    run.execute(RunTranscriptionCommand(job.id.value))
    assert [(to, p.job_id, p.progress) for to, p in world.notifier.progress] == [
        (session, job.id.value, 0.5),
        (session, job.id.value, 1.0),
    ]
    assert world.jobs.get(job.id).progress == 1.0


def test_progress_is_never_kept_pending_for_a_reconnect(world):
    run, session, job = running_with_reports(world)
    world.notifier.connected.discard(session)
    run.execute(RunTranscriptionCommand(job.id.value))
    assert world.notifier.progress  # offered live ...
    pending = world.sessions.pending(session)
    assert [n.type.value for n in pending] == ["job.completed"]  # ... but only the result waits


def test_progress_is_reported_at_most_once_per_interval(world):
    run, _, job = running_with_reports(world, interval=3600.0)
    run.execute(RunTranscriptionCommand(job.id.value))
    assert world.notifier.progress == []  # both reports came within the first interval


def test_a_job_without_a_session_reports_to_no_one(world):
    report = ReportProgress(world.sessions, world.notifier)
    job = world.submit.execute(SubmitAudioCommand(world.upload()))
    assert report.execute(ReportProgressCommand(job, 0.3)) is False
    assert world.notifier.progress == []


def test_progress_crosses_replicas_as_its_own_kind_of_push():
    session = SessionId("s" * 43)
    to, message = decode_push(encode_progress(session, JobProgress("j1", 0.25)))
    assert to == session and message == JobProgress("j1", 0.25)
    assert progress_to_json(message) == {"type": "job.progress", "job_id": "j1", "progress": 0.25}


class FakeSocket:
    def __init__(self) -> None:
        self.sent: list[dict] = []

    async def send_json(self, data) -> None:
        self.sent.append(data)

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        pass


async def test_a_socket_gets_every_progress_message_but_none_after_the_result(world):
    notifier = WebSocketNotifier(MemorySessionStore(session_ttl_seconds=60), keep_alive=NoKeeping())
    socket = FakeSocket()
    sid = world.open_session.execute().session_id
    connection = notifier.attach(sid, socket)
    notifier.start(connection, {"session_id": sid.value}, [])
    notifier.push_progress(sid, JobProgress("j1", 0.5))
    notifier.push_progress(sid, JobProgress("j1", 0.5))  # not deduplicated
    await asyncio.sleep(0.05)
    connection.sent_job_ids.add("j1")  # as if the result had been written
    notifier.push_progress(sid, JobProgress("j1", 0.9))
    await asyncio.sleep(0.05)
    await notifier.detach(connection)
    assert [m.get("progress") for m in socket.sent[1:]] == [0.5, 0.5]
