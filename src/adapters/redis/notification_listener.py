"""RedisNotificationListener: the receiving end of RedisNotificationBus, for an asyncio app."""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable

from redis.asyncio import Redis as AsyncRedis

from adapters.redis.errors import CONNECTION_ERRORS
from adapters.redis.notification_bus import decode_push, push_channel
from application.notifications import JobNotification, JobProgress
from domain.values import SessionId

log = logging.getLogger(__name__)

OnPush = Callable[[SessionId, JobNotification | JobProgress], Awaitable[None] | None]
OnSubscribed = Callable[[], Awaitable[None] | None]


class RedisNotificationListener:
    """Runs `listen` as a task for the app's lifetime; cancel the task to stop.

    When Redis goes away it retries with exponential backoff, so pushes resume when Redis
    returns. Pushes published while it was away are not replayed here: `on_subscribed` is
    called after every (re)subscription so the caller can resend each local session's
    pending results. A failing callback is logged and the next push is still delivered.
    """

    def __init__(
        self,
        client: AsyncRedis,
        channel_prefix: str = "voxrelay:push:",
        initial_backoff_seconds: float = 0.1,
        max_backoff_seconds: float = 5.0,
    ) -> None:
        self._redis = client
        self.channel = push_channel(channel_prefix)
        self._initial_backoff = initial_backoff_seconds
        self._max_backoff = max_backoff_seconds

    async def listen(self, on_push: OnPush, on_subscribed: OnSubscribed | None = None) -> None:
        backoff = self._initial_backoff
        while True:
            pubsub = self._redis.pubsub()
            try:
                await pubsub.subscribe(self.channel)
                async for message in pubsub.listen():
                    # redis-py resubscribes by itself after a brief drop; the confirmation
                    # it gets back tells us a replay may be due, whoever resubscribed.
                    if message["type"] == "subscribe":
                        backoff = self._initial_backoff
                        await _call(on_subscribed)
                    elif message["type"] == "message":
                        await self._deliver(message["data"], on_push)
            except CONNECTION_ERRORS as error:
                log.warning("push listener lost Redis (%s); retrying in %.1f s", error, backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, self._max_backoff)
            except Exception:  # anything else must not end pushes to this replica for good
                log.exception("push listener failed; resubscribing in %.1f s", backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, self._max_backoff)
            finally:
                await _close_quietly(pubsub)

    async def _deliver(self, payload: bytes | str, on_push: OnPush) -> None:
        try:
            session_id, notification = decode_push(payload)
        except Exception:
            log.warning("dropped a push that does not decode: %.200r", payload, exc_info=True)
            return
        try:
            await _call(on_push, session_id, notification)
        except Exception:
            log.exception("delivering the push of job %s failed", notification.job_id)


async def _call(callback: Callable | None, *args: object) -> None:
    if callback is None:
        return
    result = callback(*args)
    if inspect.isawaitable(result):
        await result


async def _close_quietly(pubsub) -> None:
    try:
        await pubsub.aclose()
    except Exception:  # the connection is likely already gone; nothing left to release
        log.debug("closing the push subscription failed", exc_info=True)
