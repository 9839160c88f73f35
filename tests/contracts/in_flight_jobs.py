"""InFlightJobsContract: what every InFlightJobs adapter promises (memory; Redis on fakeredis
and on a real server).

A subclass provides the fixture `in_flight` (an empty InFlightJobs). Not named test_* so it
is collected only through its subclasses.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from application.ports import InFlightJobs
from domain.values import JobId

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


class InFlightJobsContract:
    def test_nothing_is_watched_at_first(self, in_flight: InFlightJobs) -> None:
        assert in_flight.count() == 0
        assert in_flight.silent_since(at(3600)) == []

    def test_silent_jobs_come_longest_silent_first_and_forgotten_ones_not_at_all(self, in_flight) -> None:
        a, b, c = (JobId(ch * 32) for ch in "abc")
        in_flight.watch(b, at(2))
        in_flight.watch(a, at(1))
        in_flight.watch(c, at(30))
        assert in_flight.silent_since(at(10)) == [a, b]
        assert in_flight.silent_since(at(10), limit=1) == [a]
        in_flight.forget(a)
        in_flight.watch(b, at(60))  # heard of again
        assert in_flight.silent_since(at(10)) == []
        assert in_flight.count() == 2

    def test_a_job_heard_of_exactly_at_the_bound_is_silent(self, in_flight) -> None:
        job = JobId("d" * 32)
        in_flight.watch(job, at(5))
        assert in_flight.silent_since(at(5)) == [job]

    def test_watching_a_job_again_keeps_one_entry(self, in_flight) -> None:
        job = JobId("e" * 32)
        in_flight.watch(job, at(1))
        in_flight.watch(job, at(2))
        assert in_flight.count() == 1
        assert in_flight.silent_since(at(100)) == [job]

    def test_forgetting_a_job_that_is_not_watched_is_harmless(self, in_flight) -> None:
        in_flight.forget(JobId("f" * 32))
        assert in_flight.count() == 0

    def test_the_limit_bounds_a_long_list(self, in_flight) -> None:
        jobs = [JobId(f"{n:032x}") for n in range(20)]
        for n, job in enumerate(jobs):
            in_flight.watch(job, at(n))
        assert in_flight.silent_since(at(100), limit=5) == jobs[:5]
        assert in_flight.count() == 20
