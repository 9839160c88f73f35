"""StoredAudioContract: what every StoredAudio promises to the use cases that admit and end
jobs: KeptAudio (no quota, audio kept until the job is deleted) and AccountedAudio (a quota
per caller; audio deleted when the job ends).

A subclass provides `make_stored_audio(storage, jobs, room_bytes)`: a StoredAudio over those
stores that lets each caller keep at least `room_bytes` stored (KeptAudio: any amount).
Refusing what does not fit, and whether an ended job's audio stays, differ by design and are
tested beside AccountedAudio (test_stored_audio); this contract holds what every caller of
the port counts on: what fits is admitted, and what is released or ended makes room again.
Not named test_* so it is collected only through its subclasses.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from adapters.memory import MemoryAudioStorage, MemoryJobRepository
from application.ports.submission_limiter import ANONYMOUS_CALLER
from domain.job import TranscriptionJob
from domain.values import MediaFormat

ROOM = 1000
NOW = datetime(2026, 1, 1, tzinfo=UTC)


class StoredAudioContract:
    @pytest.fixture
    def storage(self) -> MemoryAudioStorage:
        return MemoryAudioStorage()

    @pytest.fixture
    def jobs(self) -> MemoryJobRepository:
        return MemoryJobRepository()

    @pytest.fixture
    def audio(self, make_stored_audio, storage, jobs):
        return make_stored_audio(storage, jobs, ROOM)

    @pytest.fixture
    def stored_job(self, storage, jobs):
        """A queued job of `size` bytes of stored audio, owned by `owner` (None: anonymous)."""

        def make(size: int = ROOM, owner: str | None = "key-a") -> TranscriptionJob:
            writer = storage.create()
            writer.write(b"\0" * size)
            job = TranscriptionJob.submit(audio=writer.commit(), media_format=MediaFormat.WAV, now=NOW, owner=owner)
            jobs.add(job)
            return job

        return make

    def test_a_caller_with_nothing_stored_has_room(self, audio) -> None:
        audio.check_room("key-a")
        audio.check_room(ANONYMOUS_CALLER)

    def test_a_job_that_fits_is_reserved_and_the_caller_may_still_ask(self, audio, stored_job) -> None:
        audio.reserve(stored_job(ROOM // 2))
        audio.check_room("key-a")

    def test_reserving_the_same_job_again_counts_it_once(self, audio, stored_job) -> None:
        job = stored_job(ROOM)
        audio.reserve(job)
        audio.reserve(job)

    def test_a_released_job_gives_its_room_back(self, audio, stored_job) -> None:
        first = stored_job(ROOM)
        audio.reserve(first)
        audio.release(first)
        audio.check_room("key-a")
        audio.reserve(stored_job(ROOM))

    def test_releasing_a_job_never_reserved_is_harmless(self, audio, stored_job) -> None:
        audio.release(stored_job(ROOM))
        audio.reserve(stored_job(ROOM))

    def test_one_callers_jobs_leave_the_others_room_alone(self, audio, stored_job) -> None:
        audio.reserve(stored_job(ROOM, owner="key-a"))
        audio.check_room("key-b")
        audio.reserve(stored_job(ROOM, owner="key-b"))
        audio.reserve(stored_job(ROOM, owner=None))

    def test_an_ended_job_is_handled_once_or_twice_without_error(self, audio, stored_job, jobs) -> None:
        job = stored_job(ROOM)
        audio.reserve(job)
        job.fail("engine gave up", NOW)
        jobs.save(job)
        audio.job_ended(job)
        audio.job_ended(job)


class FreeingStoredAudioContract(StoredAudioContract):
    """For a StoredAudio whose ended jobs leave their caller room for the next: KeptAudio
    (which counts nothing) and AccountedAudio without keep_audio; with it, an ended job's
    audio counts until the job is deleted."""

    def test_an_ended_job_gives_its_room_back(self, audio, stored_job, jobs) -> None:
        job = stored_job(ROOM)
        audio.reserve(job)
        job.fail("engine gave up", NOW)
        jobs.save(job)
        audio.job_ended(job)
        audio.check_room("key-a")
        audio.reserve(stored_job(ROOM))
