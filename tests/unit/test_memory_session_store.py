"""The memory adapter against the SessionStore contract, on a clock the test moves."""

import pytest

from adapters.memory import MemorySessionStore
from domain.values import SessionId
from tests.contracts.session_store import SessionStoreContract
from tests.support.clocks import FakeClock


class TestMemorySessionStore(SessionStoreContract):
    @pytest.fixture
    def clock(self) -> FakeClock:
        return FakeClock(1000.0)

    @pytest.fixture
    def advance(self, clock: FakeClock):
        return clock.advance

    @pytest.fixture
    def make_sessions(self, clock: FakeClock):
        def make(session_ttl_seconds: float) -> MemorySessionStore:
            return MemorySessionStore(session_ttl_seconds, monotonic=clock)

        return make


def test_sessions_nobody_asks_about_again_are_swept_once_expired():
    clock = FakeClock(1000.0)
    store = MemorySessionStore(session_ttl_seconds=60, monotonic=clock)
    for _ in range(10_000):
        session = SessionId.new()
        store.open(session, owner="key-a")

    clock.advance(10 * 60)
    survivor = SessionId.new()
    store.open(survivor)  # any call after the time to live sweeps

    assert list(store.expiry) == [survivor.value]
    assert (len(store.pending_by_session), len(store.owners)) == (1, 0)


def test_a_session_kept_alive_is_not_swept():
    clock = FakeClock(1000.0)
    store = MemorySessionStore(session_ttl_seconds=60, monotonic=clock)
    kept, dropped = SessionId.new(), SessionId.new()
    store.open(kept)
    store.open(dropped)
    for _ in range(5):
        clock.advance(50)
        store.touch(kept)

    assert store.is_open(kept) and dropped.value not in store.expiry
