"""NotifierContract: what every Notifier (and ProgressNotifier) adapter promises, whatever
carries the push: RecordingNotifier, WebSocketNotifier (this process's sockets) and
RedisNotificationBus (a publish every replica hears).

A subclass provides `make_notifier(sessions)`, given the SessionStore the service shares. How
an attached client hears a push is each adapter's own business, tested beside it
(test_websocket_delivery, test_redis_notification_bus); this contract holds the rules every
use case counts on: a push never raises for a client that is not there, never blocks on it,
and never strikes a result from the pending list that no client has read. Not named test_* so
it is collected only through its subclasses.
"""

from __future__ import annotations

import time

import pytest

from adapters.memory import MemorySessionStore
from application.notifications import JobProgress
from domain.values import SessionId
from tests.contracts.session_store import finished_job_notification


class NotifierContract:
    @pytest.fixture
    def sessions(self) -> MemorySessionStore:
        return MemorySessionStore(session_ttl_seconds=60)

    @pytest.fixture
    def notifier(self, make_notifier, sessions):
        return make_notifier(sessions)

    def test_a_result_for_a_session_with_no_client_stays_pending_for_its_reconnect(self, notifier, sessions) -> None:
        session, notification = SessionId.new(), finished_job_notification()
        sessions.open(session)
        sessions.add_pending(session, notification)  # what NotifySession does before it pushes
        notifier.push(session, notification)
        assert [n.job_id for n in sessions.pending(session)] == [notification.job_id]

    def test_a_result_for_a_session_never_opened_is_no_error(self, notifier) -> None:
        notifier.push(SessionId.new(), finished_job_notification())

    def test_progress_with_no_client_is_dropped_quietly_and_kept_nowhere(self, notifier, sessions) -> None:
        session = SessionId.new()
        sessions.open(session)
        notifier.push_progress(session, JobProgress("j1", 0.5))
        assert sessions.pending(session) == []

    def test_many_pushes_with_nobody_listening_never_wait(self, notifier) -> None:
        session, started = SessionId.new(), time.monotonic()
        for _ in range(200):
            notifier.push(session, finished_job_notification())
            notifier.push_progress(session, JobProgress("j1", 0.5))
        assert time.monotonic() - started < 5
