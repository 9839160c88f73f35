"""The memory adapter against the SessionStore contract, on a clock the test moves."""

import pytest

from adapters.memory import MemorySessionStore
from tests.contracts.session_store import SessionStoreContract


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class TestMemorySessionStore(SessionStoreContract):
    @pytest.fixture
    def clock(self) -> FakeMonotonic:
        return FakeMonotonic()

    @pytest.fixture
    def advance(self, clock: FakeMonotonic):
        return clock.advance

    @pytest.fixture
    def make_sessions(self, clock: FakeMonotonic):
        def make(session_ttl_seconds: float, binding_ttl_seconds: float) -> MemorySessionStore:
            return MemorySessionStore(session_ttl_seconds, binding_ttl_seconds, monotonic=clock)

        return make
