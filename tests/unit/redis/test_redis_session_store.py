"""RedisSessionStore against the SessionStore contract, on fakeredis (its time moved on by the tests, tiny TTLs)."""

import fakeredis
import pytest

from adapters.redis import RedisSessionStore
from domain.values import SessionId
from tests.contracts.session_store import LONG_TTL, SessionStoreContract, finished_job_notification
from tests.support.clocks import fakeredis_time


@pytest.fixture
def client() -> fakeredis.FakeRedis:
    return fakeredis.FakeRedis(server=fakeredis.FakeServer())


class TestRedisSessionStoreOnFakeRedis(SessionStoreContract):
    @pytest.fixture
    def advance(self):
        with fakeredis_time() as clock:
            yield clock.advance

    @pytest.fixture
    def make_sessions(self, client):
        def make(session_ttl_seconds: float) -> RedisSessionStore:
            return RedisSessionStore(client, session_ttl_seconds)

        return make


def test_pending_notifications_never_outlive_their_session_in_redis(client) -> None:
    sessions = RedisSessionStore(client, LONG_TTL)
    session = SessionId.new()
    sessions.open(session)
    sessions.add_pending(session, finished_job_notification())
    ttls = [client.pttl(key) for key in client.keys("voxrelay:session:*")]
    assert len(ttls) == 3 and all(0 < ttl <= LONG_TTL * 1000 for ttl in ttls)


def test_a_client_that_decodes_responses_works_the_same() -> None:
    client = fakeredis.FakeRedis(server=fakeredis.FakeServer(), decode_responses=True)
    sessions = RedisSessionStore(client, LONG_TTL)
    session = SessionId.new()
    sessions.open(session)
    notification = finished_job_notification()
    sessions.add_pending(session, notification)
    assert [n.job_id for n in sessions.pending(session)] == [notification.job_id]


def test_keys_carry_the_configured_prefix(client) -> None:
    sessions = RedisSessionStore(client, LONG_TTL, prefix="tenant-a:")
    sessions.open(SessionId.new())
    assert all(key.startswith(b"tenant-a:") for key in client.keys("*"))
