"""MessageDeduplicatorContract: what every MessageDeduplicator adapter promises (memory;
Redis on fakeredis and on a real server).

A subclass provides `make_deduplicator(ttl_seconds)` and may override `advance(seconds)`,
which lets the adapter's time pass (default: really sleep). Not named test_* so it is
collected only through its subclasses.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest

SHORT_TTL = 0.3
LONG_TTL = 3600.0


class MessageDeduplicatorContract:
    @pytest.fixture
    def advance(self) -> Callable[[float], None]:
        return time.sleep

    @pytest.fixture
    def deduplicator(self, make_deduplicator):
        return make_deduplicator(LONG_TTL)

    def test_a_message_id_is_claimed_once_until_released(self, deduplicator) -> None:
        assert deduplicator.claim("m-1") is True
        assert deduplicator.claim("m-1") is False
        assert deduplicator.claim("m-2") is True
        deduplicator.release("m-1")
        assert deduplicator.claim("m-1") is True

    def test_releasing_a_message_never_claimed_is_harmless(self, deduplicator) -> None:
        deduplicator.release("never-seen")
        assert deduplicator.claim("never-seen") is True

    def test_concurrent_deliveries_of_one_message_claim_it_once(self, deduplicator) -> None:
        with ThreadPoolExecutor(max_workers=8) as pool:
            claims = list(pool.map(lambda _: deduplicator.claim("m-race"), range(32)))
        assert claims.count(True) == 1

    def test_a_claim_is_forgotten_after_its_time_to_live(self, make_deduplicator, advance) -> None:
        deduplicator = make_deduplicator(SHORT_TTL)
        assert deduplicator.claim("m-old") is True
        advance(SHORT_TTL * 0.5)
        assert deduplicator.claim("m-old") is False
        advance(SHORT_TTL * 1.5)
        assert deduplicator.claim("m-old") is True
