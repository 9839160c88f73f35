"""Redis down: a clear DependencyUnavailable from state and queue, pushes that resume."""

import asyncio
import contextlib

import pytest
import redis.asyncio

from adapters.redis import (
    RedisJobQueue,
    RedisJobRepository,
    RedisNotificationBus,
    RedisNotificationListener,
    RedisSessionStore,
)
from application.errors import DependencyUnavailable
from domain.values import JobId, SessionId
from tests.contracts.job_repository import queued_job
from tests.contracts.session_store import finished_job_notification

pytestmark = pytest.mark.slow


async def stop(task: asyncio.Task) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


def test_a_session_store_on_a_closed_port_is_unavailable(closed_port_client) -> None:
    with pytest.raises(DependencyUnavailable):
        RedisSessionStore(closed_port_client, 60).open(SessionId.new())


def test_a_job_repository_on_a_closed_port_is_unavailable(closed_port_client) -> None:
    with pytest.raises(DependencyUnavailable):
        RedisJobRepository(closed_port_client, 60).get(JobId.new())


def test_dispatching_to_a_closed_port_is_unavailable(closed_port_client) -> None:
    with pytest.raises(DependencyUnavailable):
        RedisJobQueue(closed_port_client).dispatch(queued_job())


def test_the_store_works_again_once_redis_returns(redis_server, redis_client) -> None:
    sessions = RedisSessionStore(redis_client, 60)
    redis_server.stop()
    with pytest.raises(DependencyUnavailable):
        sessions.open(SessionId.new())
    redis_server.start()
    session = SessionId.new()
    sessions.open(session)
    assert sessions.is_open(session)


async def test_a_published_push_reaches_a_listener_on_another_connection(redis_server, redis_client) -> None:
    heard: asyncio.Queue = asyncio.Queue()
    subscribed = asyncio.Event()
    subscriber = redis.asyncio.Redis.from_url(redis_server.url)
    listener = RedisNotificationListener(subscriber)
    task = asyncio.create_task(listener.listen(lambda s, n: heard.put_nowait((s, n)), on_subscribed=subscribed.set))
    await asyncio.wait_for(subscribed.wait(), 5)
    session, notification = SessionId.new(), finished_job_notification()
    RedisNotificationBus(redis_client).push(session, notification)
    got_session, got = await asyncio.wait_for(heard.get(), 5)
    await stop(task)
    await subscriber.aclose()
    assert (got_session, got.job_id) == (session, notification.job_id)


async def test_the_listener_resubscribes_and_pushes_resume_after_a_redis_restart(redis_server, redis_client) -> None:
    heard: asyncio.Queue = asyncio.Queue()
    subscriptions: asyncio.Queue = asyncio.Queue()
    subscriber = redis.asyncio.Redis.from_url(redis_server.url)
    listener = RedisNotificationListener(
        subscriber,
        initial_backoff_seconds=0.05,
        max_backoff_seconds=0.2,
    )
    task = asyncio.create_task(
        listener.listen(
            lambda s, n: heard.put_nowait(n.job_id),
            on_subscribed=lambda: subscriptions.put_nowait("subscribed"),
        )
    )
    await asyncio.wait_for(subscriptions.get(), 5)

    redis_server.stop()
    await asyncio.sleep(0.5)  # let the listener notice and back off at least once
    redis_server.start()
    await asyncio.wait_for(subscriptions.get(), 10)  # the replay hook fires again

    notification = finished_job_notification()
    RedisNotificationBus(redis_client).push(SessionId.new(), notification)
    assert await asyncio.wait_for(heard.get(), 5) == notification.job_id
    await stop(task)
    await subscriber.aclose()
