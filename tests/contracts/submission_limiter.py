"""SubmissionLimiterContract: what every SubmissionLimiter adapter promises.

A subclass provides `make_limiter(per_window, max_active_jobs, window_seconds)` and may
override `advance(seconds)`, which lets the limiter's time pass (default: really sleep). Not
named test_* so it is collected only through its subclasses.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest


class SubmissionLimiterContract:
    @pytest.fixture
    def make_limiter(self):
        raise NotImplementedError

    @pytest.fixture
    def advance(self) -> Callable[[float], None]:
        return time.sleep

    def test_submissions_within_the_rate_pass_and_the_next_one_is_told_when_to_retry(self, make_limiter) -> None:
        limiter = make_limiter(3, 0, 60.0)
        assert [limiter.count_submission("key-a") for _ in range(3)] == [None, None, None]
        wait = limiter.count_submission("key-a")
        assert wait is not None and 0 < wait <= 60

    def test_each_caller_has_its_own_rate(self, make_limiter) -> None:
        limiter = make_limiter(1, 0, 60.0)
        assert limiter.count_submission("key-a") is None
        assert limiter.count_submission("key-b") is None
        assert limiter.count_submission("key-a") is not None

    def test_a_new_window_lets_submissions_in_again(self, make_limiter, advance) -> None:
        limiter = make_limiter(1, 0, 0.3)
        assert limiter.count_submission("key-a") is None
        assert limiter.count_submission("key-a") is not None
        advance(0.45)
        assert limiter.count_submission("key-a") is None

    def test_a_rate_of_zero_is_no_limit(self, make_limiter) -> None:
        limiter = make_limiter(0, 0, 60.0)
        assert all(limiter.count_submission("key-a") is None for _ in range(50))

    def test_callers_at_once_never_get_past_the_rate(self, make_limiter) -> None:
        limiter = make_limiter(5, 0, 60.0)
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(lambda _: limiter.count_submission("key-a"), range(40)))
        assert answers.count(None) == 5

    def test_asking_about_the_rate_tells_the_wait_without_counting(self, make_limiter) -> None:
        limiter = make_limiter(2, 0, 60.0)
        assert [limiter.seconds_until_allowed("key-a") for _ in range(10)] == [None] * 10
        assert limiter.count_submission("key-a") is None
        assert limiter.seconds_until_allowed("key-a") is None  # one left
        assert limiter.count_submission("key-a") is None
        wait = limiter.seconds_until_allowed("key-a")
        assert wait is not None and 0 < wait <= 60
        assert limiter.seconds_until_allowed("key-b") is None  # another caller is not slowed
        refused = limiter.count_submission("key-a")
        assert refused is not None and abs(refused - wait) < 5  # the same window

    def test_asking_about_the_rate_sees_a_new_window(self, make_limiter, advance) -> None:
        limiter = make_limiter(1, 0, 0.3)
        assert limiter.count_submission("key-a") is None
        assert limiter.seconds_until_allowed("key-a") is not None
        advance(0.45)
        assert limiter.seconds_until_allowed("key-a") is None
        assert limiter.count_submission("key-a") is None

    def test_asking_with_a_rate_of_zero_never_refuses(self, make_limiter) -> None:
        limiter = make_limiter(0, 0, 60.0)
        for _ in range(5):
            limiter.count_submission("key-a")
        assert limiter.seconds_until_allowed("key-a") is None

    def test_asking_about_room_for_a_job_takes_no_place(self, make_limiter) -> None:
        limiter = make_limiter(0, 2, 60.0)
        assert all(limiter.has_room_for_job("key-a") for _ in range(10))
        assert limiter.active_jobs("key-a") == []
        assert limiter.start_job("key-a", "job-1")
        assert limiter.has_room_for_job("key-a")
        assert limiter.start_job("key-a", "job-2")
        assert not limiter.has_room_for_job("key-a")
        assert limiter.has_room_for_job("key-b")
        limiter.end_job("key-a", "job-1")
        assert limiter.has_room_for_job("key-a")
        assert limiter.active_jobs("key-a") == ["job-2"]

    def test_with_no_maximum_there_is_always_room(self, make_limiter) -> None:
        limiter = make_limiter(0, 0, 60.0)
        for i in range(5):
            limiter.start_job("key-a", f"job-{i}")
        assert limiter.has_room_for_job("key-a")

    def test_jobs_are_admitted_up_to_the_maximum_and_an_ended_one_makes_room(self, make_limiter) -> None:
        limiter = make_limiter(0, 2, 60.0)
        assert limiter.start_job("key-a", "job-1") and limiter.start_job("key-a", "job-2")
        assert not limiter.start_job("key-a", "job-3")
        assert limiter.start_job("key-b", "job-4")  # another caller has its own room
        assert limiter.active_jobs("key-a") == ["job-1", "job-2"]
        limiter.end_job("key-a", "job-1")
        limiter.end_job("key-a", "job-unknown")
        assert limiter.start_job("key-a", "job-3")
        assert limiter.active_jobs("key-a") == ["job-2", "job-3"]

    def test_a_maximum_of_zero_admits_every_job(self, make_limiter) -> None:
        limiter = make_limiter(0, 0, 60.0)
        assert all(limiter.start_job("key-a", f"job-{i}") for i in range(30))

    def test_jobs_started_at_once_never_get_past_the_maximum(self, make_limiter) -> None:
        limiter = make_limiter(0, 3, 60.0)
        with ThreadPoolExecutor(8) as pool:
            admitted = list(pool.map(lambda i: limiter.start_job("key-a", f"job-{i}"), range(20)))
        assert admitted.count(True) == 3
        assert len(limiter.active_jobs("key-a")) == 3
