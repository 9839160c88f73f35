"""The sessions a process holds sockets for are kept alive together, one store call a period."""

from __future__ import annotations

import asyncio

import pytest

from adapters.memory import MemorySessionStore
from adapters.websocket import SessionKeeping, WebSocketNotifier
from domain.values import SessionId
from tests.unit.test_reporting_progress import FakeSocket

TTL = 60.0


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class TouchCountingStore(MemorySessionStore):
    def __init__(self, clock: Clock) -> None:
        super().__init__(session_ttl_seconds=TTL, monotonic=clock)
        self.touched: list[set[str]] = []  # the sessions of each touch_all call

    def touch_all(self, session_ids) -> None:
        self.touched.append({s.value for s in session_ids})
        super().touch_all(session_ids)


async def until(condition, attempts: int = 200) -> None:
    for _ in range(attempts):
        if condition():
            return
        await asyncio.sleep(0.01)


def held(notifier: WebSocketNotifier, sessions: MemorySessionStore, count: int):
    ids = [SessionId.new() for _ in range(count)]
    connections = []
    for session in ids:
        sessions.open(session)
        connections.append(notifier.attach(session, FakeSocket()))
        notifier.start(connections[-1], {"session_id": session.value}, [])
    return ids, connections


async def test_sessions_with_a_socket_here_outlive_their_ttl_touched_in_one_call_a_period():
    clock = Clock()
    sessions = TouchCountingStore(clock)
    notifier = WebSocketNotifier(sessions, keep_alive=SessionKeeping(sessions, 0.01))
    ids, connections = held(notifier, sessions, 3)
    unheld = SessionId.new()
    sessions.open(unheld)

    for _ in range(3):  # three periods, each past half the time to live
        clock.now += TTL * 0.6
        calls = len(sessions.touched)
        await until(lambda calls=calls: len(sessions.touched) > calls)

    assert all(sessions.is_open(session) for session in ids)
    assert not sessions.is_open(unheld)
    assert all(call == {s.value for s in ids} for call in sessions.touched)
    for connection in connections:
        await notifier.detach(connection)


async def test_nothing_is_touched_once_the_last_socket_is_gone_and_a_new_socket_starts_it_again():
    clock = Clock()
    sessions = TouchCountingStore(clock)
    notifier = WebSocketNotifier(sessions, keep_alive=SessionKeeping(sessions, 0.01))
    _, (connection,) = held(notifier, sessions, 1)
    await until(lambda: len(sessions.touched) > 0)
    await notifier.detach(connection)
    calls = len(sessions.touched)
    await asyncio.sleep(0.05)
    assert len(sessions.touched) == calls

    (second,), (connection,) = held(notifier, sessions, 1)
    await until(lambda: len(sessions.touched) > calls)
    assert sessions.touched[-1] == {second.value}
    await notifier.detach(connection)


async def test_a_failed_touch_is_tried_again_the_next_period():
    clock = Clock()

    class FailingFirst(TouchCountingStore):
        def touch_all(self, session_ids) -> None:
            failed = not self.touched
            super().touch_all(session_ids)
            if failed:
                raise ConnectionError("store down")

    sessions = FailingFirst(clock)
    notifier = WebSocketNotifier(sessions, keep_alive=SessionKeeping(sessions, 0.01))
    (session,), (connection,) = held(notifier, sessions, 1)
    await until(lambda: len(sessions.touched) >= 2)

    assert len(sessions.touched) >= 2 and sessions.is_open(session)
    await notifier.detach(connection)


def test_a_notifier_is_always_told_who_keeps_its_sessions_alive():
    sessions = MemorySessionStore(session_ttl_seconds=TTL)
    with pytest.raises(TypeError):
        WebSocketNotifier(sessions)  # type: ignore[call-arg]
