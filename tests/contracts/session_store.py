"""SessionStoreContract: what every SessionStore adapter must do.

A subclass provides `make_sessions(session_ttl_seconds) -> SessionStore`
and may override `advance(seconds)`, which lets time pass (default: really sleep).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from application.notifications import JobNotification
from application.ports import SessionStore
from domain.job import TranscriptionJob
from domain.transcript import Transcript
from domain.values import AudioReference, JobId, MediaFormat, SessionId
from tests.contracts.job_repository import a_transcript

SHORT_TTL = 0.3  # long enough for a few round trips to Redis, short enough to wait out
LONG_TTL = 60.0


def finished_job_notification(job_id: JobId | None = None, text: str = "hello") -> JobNotification:
    job = TranscriptionJob.submit(
        audio=AudioReference("audio-key", 10),
        media_format=MediaFormat.WAV,
        now=datetime(2024, 1, 1, tzinfo=UTC),
        job_id=job_id,
    )
    job.complete(datetime(2024, 1, 1, 0, 1, tzinfo=UTC))
    transcript = a_transcript()
    return JobNotification.for_finished(job, Transcript(text, "en", 1.0, transcript.segments, 0.97))


class SessionStoreContract:
    @pytest.fixture
    def advance(self) -> Callable[[float], None]:
        return time.sleep

    @pytest.fixture
    def sessions(self, make_sessions) -> SessionStore:
        return make_sessions(LONG_TTL)

    def test_an_opened_session_is_open(self, sessions: SessionStore) -> None:
        session = SessionId.new()
        sessions.open(session)
        assert sessions.is_open(session)

    def test_a_session_remembers_the_key_that_owns_it(self, sessions: SessionStore) -> None:
        owned, unowned = SessionId.new(), SessionId.new()
        sessions.open(owned, "key-1")
        sessions.open(unowned)
        assert sessions.owner_of(owned) == "key-1"
        assert sessions.owner_of(unowned) is None
        sessions.close(owned)
        assert sessions.owner_of(owned) is None

    def test_a_session_never_opened_is_not_open(self, sessions: SessionStore) -> None:
        assert not sessions.is_open(SessionId.new())

    def test_a_closed_session_is_no_longer_open(self, sessions: SessionStore) -> None:
        session = SessionId.new()
        sessions.open(session)
        sessions.close(session)
        assert not sessions.is_open(session)

    def test_a_session_expires_after_its_time_to_live(self, make_sessions, advance) -> None:
        sessions = make_sessions(SHORT_TTL)
        session = SessionId.new()
        sessions.open(session)
        advance(SHORT_TTL * 1.5)
        assert not sessions.is_open(session)

    def test_touching_a_session_extends_its_life(self, make_sessions, advance) -> None:
        sessions = make_sessions(SHORT_TTL)
        session = SessionId.new()
        sessions.open(session)
        advance(SHORT_TTL * 0.6)
        sessions.touch(session)
        advance(SHORT_TTL * 0.6)
        assert sessions.is_open(session)

    def test_touching_many_sessions_at_once_extends_each_life_and_revives_none(self, make_sessions, advance) -> None:
        sessions = make_sessions(SHORT_TTL)
        expired, kept, also_kept = SessionId.new(), SessionId.new(), SessionId.new()
        sessions.open(expired)
        advance(SHORT_TTL * 1.5)
        for session in (kept, also_kept):
            sessions.open(session)
            sessions.add_pending(session, finished_job_notification())
        advance(SHORT_TTL * 0.6)
        sessions.touch_all([expired, kept, also_kept])
        advance(SHORT_TTL * 0.6)
        assert [sessions.is_open(s) for s in (expired, kept, also_kept)] == [False, True, True]
        assert [len(sessions.pending(s)) for s in (kept, also_kept)] == [1, 1]

    def test_touching_an_expired_session_does_not_revive_it(self, make_sessions, advance) -> None:
        sessions = make_sessions(SHORT_TTL)
        session = SessionId.new()
        sessions.open(session)
        advance(SHORT_TTL * 1.5)
        sessions.touch(session)
        assert not sessions.is_open(session)

    def test_pending_notifications_come_back_in_the_order_added(self, sessions) -> None:
        session = SessionId.new()
        sessions.open(session)
        first, second = finished_job_notification(), finished_job_notification()
        sessions.add_pending(session, first)
        sessions.add_pending(session, second)
        assert [n.job_id for n in sessions.pending(session)] == [first.job_id, second.job_id]

    def test_a_pending_notification_keeps_its_job_and_transcript(self, sessions) -> None:
        session = SessionId.new()
        sessions.open(session)
        notification = finished_job_notification(text="kept as sent")
        sessions.add_pending(session, notification)
        [kept] = sessions.pending(session)
        assert kept.type == notification.type
        assert kept.transcript == notification.transcript
        assert kept.job.id == notification.job.id and kept.job.status == notification.job.status

    def test_a_newer_notification_for_the_same_job_replaces_the_pending_one(self, sessions) -> None:
        session, job_id = SessionId.new(), JobId.new()
        sessions.open(session)
        other = finished_job_notification()
        sessions.add_pending(session, finished_job_notification(job_id, text="old"))
        sessions.add_pending(session, other)
        sessions.add_pending(session, finished_job_notification(job_id, text="new"))
        pending = sessions.pending(session)
        assert [n.job_id for n in pending] == [other.job_id, job_id.value]
        assert pending[-1].transcript.text == "new"

    def test_a_removed_notification_is_no_longer_pending(self, sessions) -> None:
        session = SessionId.new()
        sessions.open(session)
        kept, delivered = finished_job_notification(), finished_job_notification()
        sessions.add_pending(session, kept)
        sessions.add_pending(session, delivered)
        sessions.remove_pending(session, delivered.job.id)
        assert [n.job_id for n in sessions.pending(session)] == [kept.job_id]

    def test_results_delivered_together_are_removed_from_each_of_their_sessions(self, sessions) -> None:
        first, second = SessionId.new(), SessionId.new()
        sessions.open(first)
        sessions.open(second)
        a, b, kept = finished_job_notification(), finished_job_notification(), finished_job_notification()
        sessions.add_pending(first, a)
        sessions.add_pending(first, kept)
        sessions.add_pending(second, b)
        sessions.remove_delivered([(first, a.job.id), (second, b.job.id), (SessionId.new(), JobId.new())])
        assert [n.job_id for n in sessions.pending(first)] == [kept.job_id]
        assert sessions.pending(second) == []
        sessions.remove_delivered([])

    def test_removing_what_is_not_pending_is_harmless(self, sessions) -> None:
        session = SessionId.new()
        sessions.open(session)
        sessions.remove_pending(session, JobId.new())
        sessions.remove_pending(SessionId.new(), JobId.new())
        assert sessions.pending(session) == []

    def test_nothing_is_kept_pending_for_a_session_that_is_not_open(self, sessions) -> None:
        session = SessionId.new()
        sessions.add_pending(session, finished_job_notification())
        sessions.open(session)
        assert sessions.pending(session) == []

    def test_keeping_a_result_says_whether_its_session_was_open_to_keep_it(self, make_sessions, advance) -> None:
        sessions = make_sessions(SHORT_TTL)
        open_one, expired, never_opened = SessionId.new(), SessionId.new(), SessionId.new()
        sessions.open(expired)
        advance(SHORT_TTL * 1.5)
        sessions.open(open_one)
        kept = [sessions.add_pending(s, finished_job_notification()) for s in (open_one, expired, never_opened)]
        assert kept == [True, False, False]
        assert [len(sessions.pending(s)) for s in (open_one, expired)] == [1, 0]

    def test_closing_a_session_forgets_its_pending_notifications(self, sessions) -> None:
        session = SessionId.new()
        sessions.open(session)
        sessions.add_pending(session, finished_job_notification())
        sessions.close(session)
        sessions.open(session)
        assert sessions.pending(session) == []

    def test_pending_notifications_expire_with_their_session(self, make_sessions, advance) -> None:
        sessions = make_sessions(SHORT_TTL)
        session = SessionId.new()
        sessions.open(session)
        sessions.add_pending(session, finished_job_notification())
        advance(SHORT_TTL * 1.5)
        assert sessions.pending(session) == []
        sessions.open(session)
        assert sessions.pending(session) == []

    def test_pending_notifications_live_as_long_as_a_touched_session(self, make_sessions, advance) -> None:
        sessions = make_sessions(SHORT_TTL)
        session = SessionId.new()
        sessions.open(session)
        sessions.add_pending(session, finished_job_notification())
        advance(SHORT_TTL * 0.6)
        sessions.touch(session)
        advance(SHORT_TTL * 0.6)
        assert len(sessions.pending(session)) == 1

    def test_sessions_do_not_share_pending_notifications(self, sessions) -> None:
        mine, theirs = SessionId.new(), SessionId.new()
        sessions.open(mine)
        sessions.open(theirs)
        sessions.add_pending(mine, finished_job_notification())
        assert sessions.pending(theirs) == []
