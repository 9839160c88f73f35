"""RedisNotificationBus publishes what RedisNotificationListener hears (fakeredis, one server)."""

import asyncio
import contextlib

import fakeredis
import pytest

from adapters.redis import RedisNotificationBus, RedisNotificationListener
from adapters.redis.notification_bus import encode_push
from domain.values import SessionId
from tests.contracts.session_store import finished_job_notification


async def stop(task: asyncio.Task) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


@pytest.fixture
def server() -> fakeredis.FakeServer:
    return fakeredis.FakeServer()


async def start_listening(listener, on_push):
    subscribed = asyncio.Event()
    task = asyncio.create_task(listener.listen(on_push, on_subscribed=subscribed.set))
    await asyncio.wait_for(subscribed.wait(), 5)
    return task


async def test_a_published_push_reaches_the_listener_with_its_session(server) -> None:
    heard = asyncio.Queue()
    listener = RedisNotificationListener(fakeredis.aioredis.FakeRedis(server=server))
    task = await start_listening(listener, lambda s, n: heard.put_nowait((s, n)))
    session, notification = SessionId.new(), finished_job_notification(text="pushed")
    RedisNotificationBus(fakeredis.FakeRedis(server=server)).push(session, notification)
    got_session, got = await asyncio.wait_for(heard.get(), 5)
    await stop(task)
    assert got_session == session
    assert (got.job_id, got.transcript.text) == (notification.job_id, "pushed")


async def test_a_bad_push_or_a_failing_callback_does_not_stop_the_listener(server) -> None:
    heard = asyncio.Queue()

    async def on_push(session, notification):
        if notification.transcript.text == "explode":
            raise RuntimeError("socket gone")
        await heard.put(notification.transcript.text)

    listener = RedisNotificationListener(fakeredis.aioredis.FakeRedis(server=server))
    task = await start_listening(listener, on_push)
    publisher = fakeredis.FakeRedis(server=server)
    bus = RedisNotificationBus(publisher)
    publisher.publish(bus.channel, "not json")
    bus.push(SessionId.new(), finished_job_notification(text="explode"))
    publisher.publish(bus.channel, encode_push(SessionId.new(), finished_job_notification(text="ok")))
    assert await asyncio.wait_for(heard.get(), 5) == "ok"
    await stop(task)
