"""JobDispatcherContract: what every JobDispatcher adapter promises: RecordingJobDispatcher,
RedisJobQueue, TranscribeJobDispatcher, WatchedJobDispatcher and LocalJobRunner.

The port's one rule: a dispatched job is accepted for execution or the caller hears
DependencyUnavailable; it is never lost silently. A subclass provides the fixtures
`dispatcher`, `received` (a callable: the ids, as strings, of the jobs that have reached
whatever runs them so far, once per delivery) and `cut_off` (a callable that takes away what
the dispatcher hands jobs to: a store down, a service stopping). In what order jobs reach the
runner, and what a second dispatch of one job does, differ by design (fair turns between
owners; Transcribe's names make a redelivery harmless) and are tested beside each adapter.
Not named test_* so it is collected only through its subclasses.
"""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import UTC, datetime

import pytest

from application.errors import DependencyUnavailable
from domain.job import TranscriptionJob
from domain.values import AudioReference, LanguageCode, MediaFormat
from tests.support.polling import wait_until

ARRIVAL_SECONDS = 5.0  # a runner on threads takes the job a moment later


def a_job(owner: str | None = None, language: str | None = "en") -> TranscriptionJob:
    """A queued job with its own audio key, as SubmitAudio stores it (Transcribe reads the media there)."""
    return TranscriptionJob.submit(
        audio=AudioReference(f"audio/{uuid.uuid4().hex}", 1000),
        media_format=MediaFormat.WAV,
        now=datetime(2026, 1, 1, tzinfo=UTC),
        owner=owner,
        language=LanguageCode.parse_optional(language),
    )


class JobDispatcherContract:
    def _arrived(self, received, jobs: list[TranscriptionJob]) -> Counter[str]:
        wanted = Counter(job.id.value for job in jobs)
        wait_until(lambda: Counter(received()) >= wanted, ARRIVAL_SECONDS, every=0.005)
        return Counter(received())

    def test_a_dispatched_job_reaches_what_runs_it_once(self, dispatcher, received) -> None:
        job = a_job()
        dispatcher.dispatch(job)
        assert self._arrived(received, [job]) == Counter([job.id.value])

    def test_every_job_of_several_owners_reaches_it_once(self, dispatcher, received) -> None:
        jobs = [a_job("key-a"), a_job("key-b"), a_job("key-a"), a_job(None, language=None)]
        for job in jobs:
            dispatcher.dispatch(job)
        assert self._arrived(received, jobs) == Counter(job.id.value for job in jobs)

    def test_nothing_reaches_it_that_was_not_dispatched(self, dispatcher, received) -> None:
        assert list(received()) == []

    def test_a_job_it_cannot_hand_on_is_refused_out_loud(self, dispatcher, cut_off) -> None:
        cut_off()
        with pytest.raises(DependencyUnavailable):
            dispatcher.dispatch(a_job())
