"""RefusalPace on a clock the test moves: a burst goes at once, then one refusal per interval,
booked in order; a quiet spell gives the burst back, and never more than the burst."""

from __future__ import annotations

import pytest

from entrypoints.http.refusal_pace import RefusalPace


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_goes_at_once_and_the_rest_wait_one_interval_more_each():
    clock = Clock()
    pace = RefusalPace(per_second=10, burst=3, monotonic=clock)

    waits = [pace.wait_seconds() for _ in range(6)]

    assert waits == pytest.approx([0, 0, 0, 0.1, 0.2, 0.3])


def test_a_quiet_spell_gives_the_burst_back_and_no_more():
    clock = Clock()
    pace = RefusalPace(per_second=10, burst=3, monotonic=clock)
    for _ in range(6):
        pace.wait_seconds()

    clock.now += 60  # a minute of quiet: three may go at once again, not six hundred
    waits = [pace.wait_seconds() for _ in range(4)]

    assert waits == pytest.approx([0, 0, 0, 0.1])


def test_at_a_steady_rate_within_the_pace_nothing_waits():
    clock = Clock()
    pace = RefusalPace(per_second=10, burst=1, monotonic=clock)
    waits = []
    for _ in range(20):
        waits.append(pace.wait_seconds())
        clock.now += 0.1

    assert waits == pytest.approx([0] * 20)
