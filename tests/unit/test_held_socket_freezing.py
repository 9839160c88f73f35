"""Held sockets are frozen out of the collector's walks in bulk, and given back to it once a
quarter of the frozen ones have closed."""

import asyncio
import gc

import pytest

from entrypoints.held_socket_freezing import HeldSocketFreezer, counting_held_sockets
from tests.support.clocks import FakeClock


class RecordingCollector:
    def __init__(self, unreachable: int = 0) -> None:
        self.calls: list[str] = []
        self.unreachable = unreachable

    def freeze(self) -> None:
        self.calls.append("freeze")

    def unfreeze(self) -> None:
        self.calls.append("unfreeze")

    def collect(self, generation: int = 2) -> int:
        self.calls.append("collect" if generation == 2 else f"collect {generation}")
        return self.unreachable


def open_sockets(freezer: HeldSocketFreezer, count: int) -> list[int]:
    return [freezer.opened() for _ in range(count)]


def test_nothing_is_frozen_until_enough_new_sockets_are_held():
    collector = RecordingCollector()
    freezer = HeldSocketFreezer(collector, settle_seconds=0, freeze_after=10)
    open_sockets(freezer, 9)
    assert freezer.tick() is None
    assert collector.calls == []
    open_sockets(freezer, 1)
    freezer.tick()
    assert collector.calls == ["collect 1", "freeze"]
    freezer.tick()
    assert collector.calls == ["collect 1", "freeze"], "the same sockets are not frozen twice"


def test_sockets_that_came_and_went_between_freezes_neither_freeze_nor_count_as_closed():
    collector = RecordingCollector()
    freezer = HeldSocketFreezer(collector, settle_seconds=0, freeze_after=10)
    for mark in open_sockets(freezer, 50):
        freezer.closed(mark)
    for _ in range(3):
        freezer.tick()
    assert collector.calls == []


def test_only_sockets_held_past_the_settle_time_count_towards_a_freeze_so_churn_never_reclaims():
    clock = FakeClock(now=100.0)
    collector = RecordingCollector()
    freezer = HeldSocketFreezer(collector, freeze_after=10, settle_seconds=5.0, monotonic=clock)
    for _ in range(6):  # a caller churning 50 sockets, each held two seconds
        marks = open_sockets(freezer, 50)
        for _ in range(2):
            clock.advance(1.0)
            freezer.tick()
        for mark in marks:
            freezer.closed(mark)
    assert collector.calls == [], "nothing frozen, so no close counted and nothing reclaimed"

    open_sockets(freezer, 10)  # held for good
    for _ in range(4):
        clock.advance(1.0)
        freezer.tick()
    assert collector.calls == [], "not settled yet"
    clock.advance(1.0)
    freezer.tick()
    assert collector.calls == ["collect 1", "freeze"]
    assert freezer.frozen_count() == 10


def test_a_quarter_of_the_frozen_sockets_closing_sets_off_one_full_collection_then_a_freeze():
    collector = RecordingCollector(unreachable=1234)
    freezer = HeldSocketFreezer(collector, settle_seconds=0, freeze_after=10, reclaim_share=0.25)
    marks = open_sockets(freezer, 100)
    freezer.tick()
    assert collector.calls == ["collect 1", "freeze"]
    for mark in marks[:24]:
        freezer.closed(mark)
    assert freezer.tick() is None
    assert collector.calls == ["collect 1", "freeze"]
    freezer.closed(marks[24])
    said = freezer.tick()
    assert collector.calls == ["collect 1", "freeze", "unfreeze", "collect", "freeze"]
    assert said is not None and "25 frozen sockets had closed" in said and "1234" in said and "75 sockets" in said
    freezer.tick()
    assert collector.calls[-1] == "freeze" and len(collector.calls) == 5, "the closes were reclaimed once"


def test_the_reclaim_waits_for_at_least_a_freezes_worth_of_closes():
    collector = RecordingCollector()
    freezer = HeldSocketFreezer(collector, settle_seconds=0, freeze_after=10, reclaim_share=0.25)
    marks = open_sockets(freezer, 12)
    freezer.tick()
    for mark in marks[:9]:  # three quarters closed, but fewer than 10
        freezer.closed(mark)
    freezer.tick()
    assert collector.calls == ["collect 1", "freeze"]
    freezer.closed(marks[9])
    freezer.tick()
    assert collector.calls == ["collect 1", "freeze", "unfreeze", "collect", "freeze"]


def test_closes_heard_during_the_reclaims_collection_count_towards_the_next_one():
    """Collecting may finalize an abandoned socket handler, whose `finally` says closed; its
    leftovers formed after the walk and are frozen again, so that close still counts."""
    freezer: HeldSocketFreezer

    class FinalizingCollector(RecordingCollector):
        def collect(self, generation: int = 2) -> int:
            if generation == 2:
                for mark in late_marks:
                    freezer.closed(mark)
            return super().collect(generation)

    collector = FinalizingCollector()
    freezer = HeldSocketFreezer(collector, settle_seconds=0, freeze_after=4, reclaim_share=0.25)
    marks = open_sockets(freezer, 12)
    late_marks = marks[4:8]
    freezer.tick()
    for mark in marks[:4]:
        freezer.closed(mark)
    said = freezer.tick()
    assert said is not None and "4 frozen sockets had closed" in said and "froze the 4 sockets held" in said
    late_marks = []
    freezer.tick()  # the four closed during the first reclaim: a second one is due
    assert collector.calls.count("unfreeze") == 2
    assert freezer.reclaim_count() == 2 and freezer.frozen_count() == 4


def test_with_the_real_collector_frozen_objects_leave_the_generations_and_come_back():
    freezer = HeldSocketFreezer(settle_seconds=0, freeze_after=2, reclaim_share=0.5)
    before = gc.get_freeze_count()
    try:
        marks = open_sockets(freezer, 2)
        held = [[object()] for _ in range(1000)]
        freezer.tick()
        assert gc.get_freeze_count() >= before + len(held)
        for mark in marks:
            freezer.closed(mark)
        said = freezer.tick()
        assert said is not None and "froze the 0 sockets held" in said
    finally:
        gc.unfreeze()


@pytest.mark.parametrize("fails", [False, True])
def test_the_asgi_wrapper_counts_each_websocket_from_its_start_to_its_end(fails):
    collector = RecordingCollector()
    freezer = HeldSocketFreezer(collector, settle_seconds=0, freeze_after=1)
    seen: list[str] = []

    async def app(scope, receive, send) -> None:
        seen.append(scope["type"])
        freezer.tick()  # inside a socket: it is held, so it is frozen
        if fails:
            raise RuntimeError("the handler failed")

    wrapped = counting_held_sockets(app, freezer)

    async def run(scope_type: str) -> None:
        try:
            await wrapped({"type": scope_type}, None, None)
        except RuntimeError:
            pass

    asyncio.run(run("http"))
    assert collector.calls == [], "an HTTP request is not a held socket"
    asyncio.run(run("websocket"))
    assert collector.calls == ["collect 1", "freeze"]
    assert seen == ["http", "websocket"]
    freezer.tick()  # the socket ended, and it was frozen: one close of one frozen socket
    assert collector.calls == ["collect 1", "freeze", "unfreeze", "collect", "freeze"]
