"""Every Notifier adapter against the Notifier contract: the recording one the unit suite
uses, this process's sockets, and the Redis bus on fakeredis, reachable or cut off."""

from __future__ import annotations

import fakeredis
import pytest

from adapters.memory import RecordingNotifier
from adapters.redis import RedisNotificationBus
from adapters.websocket import NoKeeping, WebSocketNotifier
from tests.contracts.notifier import NotifierContract


class TestRecordingNotifier(NotifierContract):
    @pytest.fixture
    def make_notifier(self):
        return RecordingNotifier


class TestWebSocketNotifier(NotifierContract):
    @pytest.fixture
    def make_notifier(self):
        return lambda sessions: WebSocketNotifier(sessions, keep_alive=NoKeeping())


class TestRedisNotificationBusOnFakeRedis(NotifierContract):
    @pytest.fixture
    def make_notifier(self):
        client = fakeredis.FakeRedis(server=fakeredis.FakeServer())
        return lambda sessions: RedisNotificationBus(client)


class TestRedisNotificationBusCutOff(NotifierContract):
    """Redis down: the push is lost, the result stays pending, the job's end is not failed."""

    @pytest.fixture
    def make_notifier(self):
        server = fakeredis.FakeServer()
        server.connected = False
        return lambda sessions: RedisNotificationBus(fakeredis.FakeRedis(server=server))
