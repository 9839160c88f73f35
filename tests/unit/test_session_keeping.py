"""The sessions a process holds sockets for are kept alive together, one store call a period."""

from __future__ import annotations

import asyncio
import threading

import pytest
from dependency_injector import providers
from litestar.testing import TestClient

from adapters.memory import MemorySessionStore
from adapters.websocket import NoKeeping, SessionKeeping, WebSocketNotifier
from domain.values import SessionId
from entrypoints.container import build_container
from entrypoints.http.app import create_app
from entrypoints.settings import Settings
from tests.support.clocks import FakeClock
from tests.unit.test_reporting_progress import FakeSocket

TTL = 60.0


class TouchCountingStore(MemorySessionStore):
    def __init__(self, clock: FakeClock) -> None:
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


class SteppedSleep:
    """The keeping's sleep on a FakeClock: each one waits for the test to let a round go, then
    moves the clock on by the time asked."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.asked: list[float] = []
        self._turns = asyncio.Semaphore(0)

    async def __call__(self, seconds: float) -> None:
        self.asked.append(seconds)
        await self._turns.acquire()
        self.clock.advance(seconds)

    async def rounds(self, count: int) -> None:
        """Let `count` rounds run, and wait until the keeping sleeps again after the last."""
        asleep = len(self.asked) + count
        for _ in range(count):
            self._turns.release()
        await until(lambda: len(self.asked) >= asleep)
        assert len(self.asked) == asleep


class SlowStore(MemorySessionStore):
    """Each touch_all takes `seconds_a_call` of the clock, as a slow Redis would."""

    def __init__(self, clock: FakeClock, seconds_a_call: float) -> None:
        super().__init__(session_ttl_seconds=TTL, monotonic=clock)
        self.clock = clock
        self.seconds_a_call = seconds_a_call
        self.touched_at: dict[str, list[float]] = {}

    def touch_all(self, session_ids) -> None:
        for session in session_ids:
            self.touched_at.setdefault(session.value, []).append(self.clock.now)
        super().touch_all(session_ids)
        self.clock.advance(self.seconds_a_call)


def longest_gap(store: SlowStore, ids: list[SessionId]) -> float:
    gaps = []
    for session in ids:
        times = store.touched_at[session.value]
        gaps.extend(later - earlier for earlier, later in zip(times, times[1:], strict=False))
    return max(gaps)


PERIOD = TTL / 3


async def test_sessions_with_a_socket_here_outlive_their_ttl_touched_in_one_call_a_period():
    clock = FakeClock(now=1000.0)
    sessions = TouchCountingStore(clock)
    notifier = WebSocketNotifier(sessions, keep_alive=SessionKeeping(sessions, 0.01))
    ids, connections = held(notifier, sessions, 3)
    unheld = SessionId.new()
    sessions.open(unheld)

    for _ in range(3):  # three periods, each past half the time to live
        clock.advance(TTL * 0.6)
        calls = len(sessions.touched)
        await until(lambda calls=calls: len(sessions.touched) > calls)

    assert all(sessions.is_open(session) for session in ids)
    assert not sessions.is_open(unheld)
    assert all(call == {s.value for s in ids} for call in sessions.touched)
    for connection in connections:
        await notifier.detach(connection)


async def test_nothing_is_touched_once_the_last_socket_is_gone_and_a_new_socket_starts_it_again():
    clock = FakeClock(now=1000.0)
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
    clock = FakeClock(now=1000.0)

    class FailingFirst(SlowStore):
        def __init__(self) -> None:
            super().__init__(clock, seconds_a_call=0.0)
            self.calls = 0

        def touch_all(self, session_ids) -> None:
            self.calls += 1
            if self.calls == 1:
                raise ConnectionError("store down")  # before touching anything
            super().touch_all(session_ids)

    sessions, sleep = FailingFirst(), SteppedSleep(clock)
    notifier = WebSocketNotifier(sessions, keep_alive=SessionKeeping(sessions, TTL / 3, sleep=sleep, monotonic=clock))
    (session,), (connection,) = held(notifier, sessions, 1)
    await until(lambda: len(sleep.asked) == 1)
    await sleep.rounds(2)  # the first touch fails, the second is a period later
    await notifier.detach(connection)

    clock.advance(1000.0 + TTL + 1 - clock.now)  # past the time to live it was opened with
    assert sessions.calls == 2
    assert sessions.is_open(session)


def test_a_notifier_is_always_told_who_keeps_its_sessions_alive():
    sessions = MemorySessionStore(session_ttl_seconds=TTL)
    with pytest.raises(TypeError):
        WebSocketNotifier(sessions)  # type: ignore[call-arg]


async def keep_six_sessions(
    seconds_a_call: float, rounds: int, most_at_once: int = 2
) -> tuple[SlowStore, list[SessionId]]:
    clock = FakeClock(now=1000.0)
    sessions, sleep = SlowStore(clock, seconds_a_call), SteppedSleep(clock)
    # Back to back: what these tests time is a round's store calls against its period.
    keeping = SessionKeeping(
        sessions, PERIOD, sleep=sleep, monotonic=clock, most_at_once=most_at_once, spread_share=0.0
    )
    notifier = WebSocketNotifier(sessions, keep_alive=keeping)
    ids, connections = held(notifier, sessions, 6)  # three store calls a round, by default
    await until(lambda: len(sleep.asked) == 1)
    await sleep.rounds(rounds)
    for connection in connections:
        await notifier.detach(connection)
    return sessions, ids


async def test_a_rounds_store_calls_are_spaced_over_half_its_period_not_made_back_to_back():
    clock = FakeClock(now=1000.0)
    sessions, sleep = SlowStore(clock, seconds_a_call=0.0), SteppedSleep(clock)
    keeping = SessionKeeping(sessions, PERIOD, sleep=sleep, monotonic=clock, most_at_once=2)
    notifier = WebSocketNotifier(sessions, keep_alive=keeping)
    ids, connections = held(notifier, sessions, 6)
    await until(lambda: len(sleep.asked) == 1)
    await sleep.rounds(3)  # the wait for the round, then one before each of its two later calls
    for connection in connections:
        await notifier.detach(connection)

    began = 1000.0 + PERIOD
    times = [sessions.touched_at[s.value] for s in ids]
    spacing = PERIOD * 0.5 / 3
    assert times == [[began]] * 2 + [[began + spacing]] * 2 + [[began + 2 * spacing]] * 2
    # ... and the next round still begins a period after this one did, not after its last call
    assert sleep.asked[1:] == pytest.approx([spacing, spacing, PERIOD - 2 * spacing])


async def test_rounds_keep_to_the_period_however_long_the_store_takes_within_it(caplog):
    sessions, ids = await keep_six_sessions(seconds_a_call=PERIOD * 0.3, rounds=4)

    # A round took 0.9 of a period: a sleep of a period after it would leave 1.9 between touches.
    assert all(len(sessions.touched_at[s.value]) == 4 for s in ids)
    assert longest_gap(sessions, ids) == pytest.approx(PERIOD)
    assert "overran" not in caplog.text


async def test_a_round_that_overruns_its_period_is_cut_short_and_warned_of_and_what_it_missed_goes_first(caplog):
    sessions, ids = await keep_six_sessions(seconds_a_call=PERIOD * 0.6, rounds=4)

    # All six take 1.8 periods to touch: no session waits longer than that, none is left out.
    assert "overran" in caplog.text
    assert all(sessions.touched_at.get(s.value) for s in ids)
    assert longest_gap(sessions, ids) <= PERIOD * 1.8 + 1e-9


async def test_a_round_whose_one_store_call_ends_past_the_period_is_warned_of(caplog):
    sessions, ids = await keep_six_sessions(seconds_a_call=PERIOD * 1.5, rounds=2, most_at_once=6)

    assert "overran" in caplog.text
    assert all(len(sessions.touched_at[s.value]) == 2 for s in ids)


async def test_a_round_that_begins_late_still_gets_its_period_to_touch_every_session():
    clock = FakeClock(now=1000.0)

    class LateSleep(SteppedSleep):
        async def __call__(self, seconds: float) -> None:
            await super().__call__(seconds)
            self.clock.advance(PERIOD * 1.5)  # a loop this busy wakes the keeping this late

    sessions, sleep = SlowStore(clock, seconds_a_call=0.0), LateSleep(clock)
    notifier = WebSocketNotifier(sessions, keep_alive=SessionKeeping(sessions, PERIOD, sleep=sleep, monotonic=clock))
    ids, connections = held(notifier, sessions, 2)
    await until(lambda: len(sleep.asked) == 1)
    await sleep.rounds(3)
    for connection in connections:
        await notifier.detach(connection)

    assert all(len(sessions.touched_at.get(s.value, [])) == 3 for s in ids)


async def test_a_store_call_that_hangs_ends_the_round_at_its_period_and_the_next_round_still_comes(caplog):
    clock, period = FakeClock(now=1000.0), 0.05  # the clock's seconds bound the call in the loop's

    class HangingFirst(SlowStore):
        def __init__(self) -> None:
            super().__init__(clock, seconds_a_call=0.0)
            self.release = threading.Event()
            self.calls = 0

        def touch_all(self, session_ids) -> None:
            self.calls += 1
            if self.calls == 1:
                self.release.wait(timeout=10)
                return
            super().touch_all(session_ids)

    sessions, sleep = HangingFirst(), SteppedSleep(clock)
    notifier = WebSocketNotifier(sessions, keep_alive=SessionKeeping(sessions, period, sleep=sleep, monotonic=clock))
    (session,), (connection,) = held(notifier, sessions, 1)
    await until(lambda: len(sleep.asked) == 1)
    try:
        await sleep.rounds(2)
    finally:
        sessions.release.set()
        await notifier.detach(connection)

    assert "overran" in caplog.text
    assert sessions.calls == 2 and sessions.touched_at[session.value]


def test_keeping_follows_the_sockets_to_a_new_event_loop_once_the_old_one_has_closed():
    clock = FakeClock(now=1000.0)
    sessions = SlowStore(clock, seconds_a_call=0.0)

    async def sleep(seconds: float) -> None:
        clock.advance(seconds)
        await asyncio.sleep(0.001)

    keeping = SessionKeeping(sessions, PERIOD, sleep=sleep, monotonic=clock)
    notifier = WebSocketNotifier(sessions, keep_alive=keeping)

    async def hold_one() -> None:
        session = SessionId.new()
        sessions.open(session)
        notifier.attach(session, FakeSocket())  # no writer: only the keeping is left on the closed loop
        await until(lambda: session.value in sessions.touched_at)
        assert session.value in sessions.touched_at

    first_loop = asyncio.new_event_loop()
    first_loop.run_until_complete(hold_one())
    first_loop.close()  # as a test client's loop may: its tasks are left pending, never to run

    async def on_the_next_loop() -> None:
        await hold_one()
        await keeping.close()  # the app's shutdown: nothing is cancelled on the closed loop

    asyncio.run(on_the_next_loop())


def test_the_app_stops_keeping_sessions_alive_when_it_shuts_down():
    class RecordingKeeping(NoKeeping):
        closed = False

        async def close(self) -> None:
            self.closed = True

    container = build_container(Settings(storage="memory").validate())
    keeping = RecordingKeeping()
    container.session_keeping.override(providers.Object(keeping))
    with TestClient(create_app(container, warm_up=False), base_url="http://127.0.0.1"):
        assert not keeping.closed
    assert keeping.closed
