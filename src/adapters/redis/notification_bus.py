"""RedisNotificationBus: the Notifier port as a publish on Redis, heard by every API replica."""

from __future__ import annotations

import json
import logging
from typing import Any

from redis import Redis

from adapters.json_codec import (
    notification_from_record,
    notification_to_record,
    progress_from_json,
    progress_to_json,
)
from adapters.redis.errors import CONNECTION_ERRORS
from application.notifications import JobNotification, JobProgress
from domain.values import SessionId

log = logging.getLogger(__name__)


def push_channel(channel_prefix: str) -> str:
    """One channel for every session. Each replica subscribes once and drops pushes for
    sessions it does not hold: no SUBSCRIBE per WebSocket, nothing to redo on reconnect. The
    cost is that every replica reads every push, which is cheap for a handful of replicas."""
    return f"{channel_prefix}all"


def encode_push(session_id: SessionId, notification: JobNotification) -> str:
    return json.dumps({"session_id": session_id.value, "notification": notification_to_record(notification)})


def encode_progress(session_id: SessionId, progress: JobProgress) -> str:
    return json.dumps({"session_id": session_id.value, "progress": progress_to_json(progress)})


def decode_push(payload: bytes | str) -> tuple[SessionId, JobNotification | JobProgress]:
    message: dict[str, Any] = json.loads(payload)
    if "progress" in message:
        return SessionId(message["session_id"]), progress_from_json(message["progress"])
    return SessionId(message["session_id"]), notification_from_record(message["notification"])


class RedisNotificationBus:
    """Publishes; never raises. The durable copy is the session's pending list, written
    before `push` is called, so a push lost to a Redis outage reaches the client when it
    (re)connects: failing the job's completion over it would be worse."""

    def __init__(self, client: Redis, channel_prefix: str = "voxrelay:push:") -> None:
        self._redis = client
        self.channel = push_channel(channel_prefix)

    def push(self, session_id: SessionId, notification: JobNotification) -> None:
        try:
            self._redis.publish(self.channel, encode_push(session_id, notification))
        except CONNECTION_ERRORS:
            log.warning(
                "could not publish the result of job %s: Redis unreachable; it stays pending",
                notification.job_id,
            )

    def push_progress(self, session_id: SessionId, progress: JobProgress) -> None:
        """Same channel as results, so a job's progress reaches its replica before its result."""
        try:
            self._redis.publish(self.channel, encode_progress(session_id, progress))
        except CONNECTION_ERRORS:
            log.debug("could not publish the progress of job %s", progress.job_id)
