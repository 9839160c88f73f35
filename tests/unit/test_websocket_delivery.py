"""Results written to sockets leave their sessions' pending lists in batches."""

from __future__ import annotations

import asyncio

from adapters.memory import MemorySessionStore
from adapters.websocket import NoKeeping, WebSocketNotifier
from adapters.websocket.delivered import DeliveredResults
from domain.values import SessionId
from tests.contracts.session_store import finished_job_notification
from tests.unit.test_reporting_progress import FakeSocket


class CountingSessionStore(MemorySessionStore):
    def __init__(self) -> None:
        super().__init__(session_ttl_seconds=60)
        self.removals: list[int] = []  # size of each remove_delivered call

    def remove_delivered(self, delivered) -> None:
        self.removals.append(len(delivered))
        super().remove_delivered(delivered)


async def push_a_result_to_each(sessions, notifier, sockets, removed: int) -> dict:
    """One finished job's result kept pending and pushed for each session; waits until
    `removed` of them are struck from pending (or a second has gone), then for the rest of
    the removals. The job id pushed to each session."""
    pushed = {}
    for session in sockets:
        notification = finished_job_notification()
        sessions.add_pending(session, notification)
        notifier.push(session, notification)
        pushed[session] = notification.job_id
    for _ in range(100):
        await asyncio.sleep(0.01)
        if sum(sessions.removals) == removed:
            break
    await notifier.flush_delivered()
    return pushed


async def test_many_pushes_to_many_sockets_are_struck_from_pending_in_a_few_store_calls():
    sessions = CountingSessionStore()
    notifier = WebSocketNotifier(sessions, keep_alive=NoKeeping())
    sockets = {}
    for _ in range(200):
        session = SessionId.new()
        sessions.open(session)
        sockets[session] = FakeSocket()
        notifier.start(notifier.attach(session, sockets[session]), {"session_id": session.value}, [])
    pushed = await push_a_result_to_each(sessions, notifier, sockets, removed=len(sockets))

    assert all(socket.sent[-1]["job_id"] == pushed[session] for session, socket in sockets.items())
    assert all(sessions.pending(session) == [] for session in sockets)
    assert sum(sessions.removals) == 200 and len(sessions.removals) < 20


async def test_a_result_whose_removal_fails_stays_pending_and_later_ones_are_still_removed():
    class FailingOnce(CountingSessionStore):
        def remove_delivered(self, delivered) -> None:
            if not self.removals:
                self.removals.append(0)
                raise ConnectionError("store down")
            super().remove_delivered(delivered)

    sessions = FailingOnce()
    notifier = WebSocketNotifier(sessions, keep_alive=NoKeeping())
    session = SessionId.new()
    sessions.open(session)
    notifier.start(notifier.attach(session, FakeSocket()), {"session_id": session.value}, [])
    first, second = finished_job_notification(), finished_job_notification()
    for notification in (first, second):
        sessions.add_pending(session, notification)
    notifier.push(session, first)
    await asyncio.sleep(0.05)
    await notifier.flush_delivered()
    notifier.push(session, second)
    await asyncio.sleep(0.05)
    await notifier.flush_delivered()

    assert [n.job_id for n in sessions.pending(session)] == [first.job_id]


async def test_in_a_batch_of_pushes_a_socket_that_fails_keeps_its_result_pending_and_the_rest_are_delivered():
    class BrokenSocket(FakeSocket):
        async def send_json(self, data) -> None:
            if data.get("type") == "job.completed":
                raise ConnectionError("peer gone")
            await super().send_json(data)

    sessions = CountingSessionStore()
    notifier = WebSocketNotifier(sessions, keep_alive=NoKeeping())
    sockets, connections = {}, []
    for index in range(5):
        session = SessionId.new()
        sessions.open(session)
        sockets[session] = BrokenSocket() if index == 2 else FakeSocket()
        connections.append(notifier.attach(session, sockets[session]))
        notifier.start(connections[-1], {"session_id": session.value}, [])
    pushed = await push_a_result_to_each(sessions, notifier, sockets, removed=4)

    broken = next(s for s, socket in sockets.items() if isinstance(socket, BrokenSocket))
    assert [n.job_id for n in sessions.pending(broken)] == [pushed[broken]]
    for session, socket in sockets.items():
        if session != broken:
            assert socket.sent[-1]["job_id"] == pushed[session]
            assert sessions.pending(session) == []
    for connection in connections:  # as each socket's handler does when it ends
        await notifier.detach(connection)


async def test_removals_written_while_the_first_lingers_share_its_store_call():
    sessions = CountingSessionStore()
    gate = asyncio.Event()

    async def linger(seconds: float) -> None:
        await gate.wait()

    delivered = DeliveredResults(sessions, sleep=linger)
    kept = []
    for _ in range(3):
        session = SessionId.new()
        sessions.open(session)
        notification = finished_job_notification()
        sessions.add_pending(session, notification)
        kept.append((session, notification.job.id))
    delivered.add(*kept[0])
    for _ in range(5):  # the removing task runs and waits on the linger; without one it would call the store now
        await asyncio.sleep(0)
    delivered.add(*kept[1])
    delivered.add(*kept[2])
    gate.set()
    await delivered.flushed()

    assert sessions.removals == [3]
    assert all(sessions.pending(session) == [] for session, _ in kept)


async def test_a_full_batch_is_removed_without_lingering_and_the_rest_after():
    sessions = CountingSessionStore()
    lingered: list[int] = []

    async def linger(seconds: float) -> None:
        lingered.append(len(sessions.removals))

    delivered = DeliveredResults(sessions, sleep=linger, most_at_once=4)
    for _ in range(6):
        session = SessionId.new()
        sessions.open(session)
        notification = finished_job_notification()
        sessions.add_pending(session, notification)
        delivered.add(session, notification.job.id)
    await delivered.flushed()

    assert sessions.removals == [4, 2] and lingered == [1]  # only the short batch waited


async def test_hurrying_ends_the_linger_at_once():
    sessions = CountingSessionStore()
    never = asyncio.Event()

    async def linger(seconds: float) -> None:
        await never.wait()

    delivered = DeliveredResults(sessions, sleep=linger)
    session = SessionId.new()
    sessions.open(session)
    notification = finished_job_notification()
    sessions.add_pending(session, notification)
    delivered.add(session, notification.job.id)
    for _ in range(5):  # the removing task starts lingering
        await asyncio.sleep(0)
    delivered.hurry()
    await asyncio.wait_for(delivered.flushed(), 5)

    assert sessions.removals == [1] and sessions.pending(session) == []


async def test_a_socket_detached_hurries_the_removal_of_what_it_wrote():
    sessions = CountingSessionStore()
    notifier = WebSocketNotifier(sessions, keep_alive=NoKeeping(), removal_linger_seconds=3600)  # only a hurry ends it
    session = SessionId.new()
    sessions.open(session)
    socket = FakeSocket()
    connection = notifier.attach(session, socket)
    notifier.start(connection, {"session_id": session.value}, [])
    notification = finished_job_notification()
    sessions.add_pending(session, notification)
    notifier.push(session, notification)
    for _ in range(100):
        await asyncio.sleep(0.01)
        if socket.sent[-1].get("job_id") == notification.job_id:
            break
    await notifier.detach(connection)
    await asyncio.wait_for(notifier.flush_delivered(), 5)

    assert sessions.removals == [1] and sessions.pending(session) == []


async def test_an_idle_socket_holds_no_writer_and_one_that_failed_is_written_to_no_more():
    class BreaksOnSecondSend(FakeSocket):
        async def send_json(self, data) -> None:
            if len(self.sent) == 1:
                self.sent.append({"failed": data.get("job_id")})
                raise ConnectionError("the client went away")
            await super().send_json(data)

    sessions = CountingSessionStore()
    notifier = WebSocketNotifier(sessions, keep_alive=NoKeeping())
    healthy, broken = SessionId.new(), SessionId.new()
    sockets = {healthy: FakeSocket(), broken: BreaksOnSecondSend()}
    connections = {}
    for session, socket in sockets.items():
        sessions.open(session)
        connections[session] = notifier.attach(session, socket)
        notifier.start(connections[session], {"session_id": session.value}, [])
    await asyncio.sleep(0.01)
    assert all(connection.writer is None for connection in connections.values()), "greeted, then idle"

    first = await push_a_result_to_each(sessions, notifier, sockets, removed=1)
    second = await push_a_result_to_each(sessions, notifier, sockets, removed=2)

    assert [m.get("job_id") for m in sockets[healthy].sent[1:]] == [first[healthy], second[healthy]]
    assert connections[healthy].writer is None
    assert sockets[broken].sent[1:] == [{"failed": first[broken]}], "nothing after the failed send"
    assert connections[broken].writer is not None and connections[broken].writer.done()
    assert [n.job_id for n in sessions.pending(broken)] == [first[broken], second[broken]], "both stay pending"
    for connection in connections.values():
        await notifier.detach(connection)  # collects the failed writer's error


async def test_a_message_that_lands_after_its_socket_was_detached_is_not_written():
    """A push already handed to the loop by another thread when the client left."""
    sessions = CountingSessionStore()
    notifier = WebSocketNotifier(sessions, keep_alive=NoKeeping())
    session, socket = SessionId.new(), FakeSocket()
    sessions.open(session)
    connection = notifier.attach(session, socket)
    notifier.start(connection, {"session_id": session.value}, [])
    await asyncio.sleep(0.01)
    await notifier.detach(connection)

    notifier.send_now(connection, {"type": "pong"})  # as the late call_soon_threadsafe would
    await asyncio.sleep(0.01)

    assert socket.sent == [{"session_id": session.value}]
    assert connection.writer is None
