"""Waiting for something a test started elsewhere (a thread, a process, a server) to happen:
the one way the suites poll, so a timeout reads the same and says what was waited for."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from typing import Any, TypeVar

T = TypeVar("T")

ENDED = frozenset({"COMPLETED", "FAILED"})
FINAL = frozenset({"COMPLETED", "FAILED", "CANCELLED"})


def wait_until(read: Callable[[], T], timeout: float, every: float = 0.05) -> T:
    """Call `read` every `every` seconds until what it returns is truthy, for at most `timeout`
    seconds; returns that value, or the last (falsy) one once the time is up."""
    deadline = time.monotonic() + timeout
    while not (value := read()) and time.monotonic() < deadline:
        time.sleep(every)
    return value


def job_reaching(
    read_job: Callable[[], dict[str, Any]], statuses: Collection[str] = ENDED, timeout: float = 120, every: float = 0.1
) -> dict[str, Any]:
    """Poll a job's JSON (what GET /v1/jobs/{id} answers) until its status is one of `statuses`;
    AssertionError, naming the statuses and the last one seen, if it is not within `timeout` s."""
    seen: list[dict[str, Any]] = []

    def reached() -> bool:
        seen.append(read_job())
        return seen[-1]["status"] in statuses

    if not wait_until(reached, timeout, every):
        raise AssertionError(f"job {seen[-1].get('id')} did not reach {sorted(statuses)} in {timeout:g} s: {seen[-1]}")
    return seen[-1]


def all_final(read_statuses: Callable[[], list[Any]], timeout: float, every: float = 0.01) -> bool:
    """For use cases run on threads: wait until every status `read_statuses` gives is final."""
    return bool(wait_until(lambda: all(status.is_final for status in read_statuses()), timeout, every))
