"""Every Redis adapter reports a lost connection as DependencyUnavailable (fakeredis, cut off)."""

import fakeredis
import pytest

from adapters.redis import (
    RedisJobQueue,
    RedisJobRepository,
    RedisNotificationBus,
    RedisSessionStore,
)
from application.errors import DependencyUnavailable
from domain.values import JobId, SessionId
from tests.contracts.job_repository import queued_job
from tests.contracts.session_store import finished_job_notification


@pytest.fixture
def client() -> fakeredis.FakeRedis:
    server = fakeredis.FakeServer()
    server.connected = False
    return fakeredis.FakeRedis(server=server)


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.open(SessionId.new()),
        lambda s: s.is_open(SessionId.new()),
        lambda s: s.touch(SessionId.new()),
        lambda s: s.close(SessionId.new()),
        lambda s: s.add_pending(SessionId.new(), finished_job_notification()),
        lambda s: s.pending(SessionId.new()),
        lambda s: s.remove_pending(SessionId.new(), JobId.new()),
    ],
)
def test_the_session_store_reports_redis_down_as_dependency_unavailable(client, call) -> None:
    with pytest.raises(DependencyUnavailable):
        call(RedisSessionStore(client, 60))


@pytest.mark.parametrize(
    "call",
    [
        lambda r: r.add(queued_job()),
        lambda r: r.get(JobId.new()),
        lambda r: r.save(queued_job()),
        lambda r: r.transcript(JobId.new()),
    ],
)
def test_the_job_repository_reports_redis_down_as_dependency_unavailable(client, call) -> None:
    with pytest.raises(DependencyUnavailable):
        call(RedisJobRepository(client, 60))


@pytest.mark.parametrize(
    "call",
    [
        lambda q: q.dispatch(queued_job()),
        lambda q: q.consume("worker-1"),
        lambda q: q.reclaim("worker-1"),
        lambda q: q.claim("worker-1"),
        lambda q: q.depth(),
    ],
)
def test_the_job_queue_reports_redis_down_as_dependency_unavailable(client, call) -> None:
    with pytest.raises(DependencyUnavailable):
        call(RedisJobQueue(client))


def test_a_push_that_cannot_be_published_is_dropped_without_raising(client, caplog) -> None:
    RedisNotificationBus(client).push(SessionId.new(), finished_job_notification())
    assert "stays pending" in caplog.text
