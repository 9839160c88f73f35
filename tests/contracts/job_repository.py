"""JobRepositoryContract: what every JobRepository adapter must do.

A subclass provides the fixture `jobs` (a fresh, empty JobRepository).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from adapters.segment_decoding import SegmentDecoding
from application.ports import JobRepository
from application.ports.job_repository import JobQuery
from domain.job import JobStatus, TranscriptionJob
from domain.transcript import Segment, Transcript, Word
from domain.values import AudioReference, JobId, LanguageCode, MediaFormat, OutputFileName, SessionId

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def queued_job(**overrides) -> TranscriptionJob:
    job = TranscriptionJob.submit(
        audio=AudioReference("audio/abc", 1234),
        media_format=MediaFormat.MP3,
        now=T0,
        **overrides,
    )
    job.pull_events()
    return job


def a_transcript() -> Transcript:
    """Every optional field set, so a store that drops one is caught."""
    words = (Word(0.0, 0.4, "hello", 0.9), Word(0.5, 0.9, "world", 0.8))
    decoding = SegmentDecoding(
        seek=1500,
        tokens=(50364, 2425, 1002),
        temperature=0.2,
        avg_logprob=-0.31,
        compression_ratio=1.42,
        no_speech_prob=0.013,
    )
    segments = (
        Segment(0.0, 1.0, "hello world", words, decoding),
        Segment(1.0, 1.5, "again", (Word(1.0, 1.5, "again", 0.7),), SegmentDecoding(seek=3000)),
    )
    return Transcript.from_segments(segments, language="en", duration=1.5, language_probability=0.97)


class JobListingContract:
    """Listing and deleting; mixed into the JobRepositoryContract subclasses."""

    def add_jobs(self, jobs: JobRepository, count: int, **overrides) -> list[TranscriptionJob]:
        added = []
        for n in range(count):
            job = TranscriptionJob.submit(
                audio=AudioReference(f"audio-{n}", 1),
                media_format=MediaFormat.WAV,
                now=T0 + timedelta(seconds=n),
                **overrides,
            )
            job.pull_events()
            jobs.add(job)
            added.append(job)
        return added

    def test_jobs_are_listed_newest_first_across_pages_without_repeats(self, jobs: JobRepository) -> None:
        added = self.add_jobs(jobs, 7)
        seen, cursor = [], None
        while True:
            page = jobs.list(JobQuery(limit=3, cursor=cursor))
            seen += [j.id for j in page.jobs]
            cursor = page.next_cursor
            if cursor is None:
                break
        assert seen == [j.id for j in reversed(added)]

    def test_listing_filters_by_status_session_and_owner(self, jobs: JobRepository) -> None:
        session = SessionId.new()
        mine = self.add_jobs(jobs, 2, session_id=session, owner="key-a")
        self.add_jobs(jobs, 2, owner="key-b")
        done = mine[0]
        done.complete(T0 + timedelta(minutes=1))
        jobs.save(done)
        assert [j.id for j in jobs.list(JobQuery(session_id=session)).jobs] == [mine[1].id, mine[0].id]
        assert [j.id for j in jobs.list(JobQuery(status=JobStatus.COMPLETED)).jobs] == [done.id]
        assert {j.owner for j in jobs.list(JobQuery(owner="key-b")).jobs} == {"key-b"}
        assert len(jobs.list(JobQuery()).jobs) == 4
        old = jobs.list(JobQuery(finished_before=T0 + timedelta(minutes=2))).jobs
        assert [j.id for j in old] == [done.id]

    def test_a_stored_final_state_is_never_overwritten_by_another(self, jobs: JobRepository) -> None:
        from domain.errors import IllegalTransition

        [job] = self.add_jobs(jobs, 1)
        running = jobs.get(job.id)
        cancelled = jobs.get(job.id)
        cancelled.cancel(T0 + timedelta(seconds=5))
        jobs.save(cancelled)
        running.start(T0 + timedelta(seconds=6))  # read before the cancel, saved after it
        with pytest.raises(IllegalTransition):
            jobs.save(running)
        assert jobs.get(job.id).status is JobStatus.CANCELLED
        jobs.save(cancelled)  # the same final state again is harmless

    def test_of_two_final_states_saved_at_once_one_is_kept_and_the_other_refused(self, jobs: JobRepository) -> None:
        from domain.errors import IllegalTransition

        for round_ in range(10):  # threads that meet at a barrier race for real only now and then
            [job] = self.add_jobs(jobs, 1)
            completed, cancelled = jobs.get(job.id), jobs.get(job.id)
            completed.complete(T0 + timedelta(seconds=5))
            cancelled.cancel(T0 + timedelta(seconds=5))
            meet = threading.Barrier(2)

            def save(ended: TranscriptionJob, meet: threading.Barrier = meet) -> JobStatus | None:
                meet.wait()
                try:
                    jobs.save(ended)
                except IllegalTransition:
                    return None
                return ended.status

            with ThreadPoolExecutor(2) as pool:
                kept = [status for status in pool.map(save, (completed, cancelled)) if status is not None]
            assert len(kept) == 1, f"round {round_}: {kept}"
            assert jobs.get(job.id).status is kept[0]

    def test_a_cursor_not_made_by_the_service_is_refused(self, jobs: JobRepository) -> None:
        from application.errors import InvalidRequest

        with pytest.raises(InvalidRequest):
            jobs.list(JobQuery(cursor="not-a-cursor"))

    def test_a_deleted_job_and_its_transcript_are_gone_and_deleting_again_is_harmless(self, jobs) -> None:
        [job] = self.add_jobs(jobs, 1)
        jobs.save(job, a_transcript())
        jobs.delete(job.id)
        jobs.delete(job.id)
        assert jobs.get(job.id) is None and jobs.transcript(job.id) is None
        assert jobs.list(JobQuery()).jobs == []


def counting_redis_work(client, monkeypatch) -> Callable[[], int]:
    """Store work on a Redis client: one per command sent plus one per item in each reply."""
    done = [0]
    send = client.execute_command

    def counted(*args, **options):
        reply = send(*args, **options)
        done[0] += 1 + (len(reply) if isinstance(reply, list | tuple) else 0)
        return reply

    monkeypatch.setattr(client, "execute_command", counted)
    return lambda: done[0]


class OwnerIndexContract:
    """A page costs the page: a subclass provides `store_work`, a callable that says how much
    work the store has done so far (jobs examined, or Redis commands and reply items), and
    may lower `crowd` where adding that many jobs one by one takes long."""

    crowd = 50_000

    def test_a_page_of_one_key_costs_the_page_however_many_jobs_another_key_has(
        self, jobs: JobRepository, store_work: Callable[[], int]
    ) -> None:
        theirs = [queued_job(owner="key-b") for _ in range(3)]  # older than every job of key-a
        for n, job in enumerate(theirs):
            job.created_at = T0 - timedelta(days=1) + timedelta(seconds=n)
            jobs.add(job)
        for n in range(self.crowd):
            job = TranscriptionJob.submit(
                audio=AudioReference(f"audio-{n}", 1),
                media_format=MediaFormat.WAV,
                now=T0 + timedelta(milliseconds=n),
                owner="key-a",
            )
            jobs.add(job)
        before = store_work()
        first = jobs.list(JobQuery(owner="key-b", limit=1))
        second = jobs.list(JobQuery(owner="key-b", limit=1, cursor=first.next_cursor))
        mine = jobs.list(JobQuery(owner="key-a", limit=1))
        work = store_work() - before
        assert [j.id for j in first.jobs + second.jobs] == [theirs[2].id, theirs[1].id]
        assert len(mine.jobs) == 1 and mine.jobs[0].owner == "key-a" and mine.next_cursor
        assert work <= 40, f"three pages of one job cost {work} units of store work"


class JobRepositoryContract(JobListingContract, OwnerIndexContract):
    def test_an_added_job_comes_back_equal(self, jobs: JobRepository) -> None:
        job = queued_job(
            session_id=SessionId.new(),
            output_file_name=OutputFileName("meeting.txt"),
            language=LanguageCode("fr"),
            model="small",
            audio_seconds=12.5,
        )
        jobs.add(job)
        assert jobs.get(job.id) == job

    def test_an_unknown_job_is_none(self, jobs: JobRepository) -> None:
        assert jobs.get(JobId.new()) is None

    def test_adding_a_job_whose_id_is_taken_is_refused(self, jobs: JobRepository) -> None:
        job = queued_job()
        jobs.add(job)
        with pytest.raises(ValueError):
            jobs.add(queued_job(job_id=job.id))

    def test_a_refused_duplicate_leaves_the_first_job_untouched(self, jobs: JobRepository) -> None:
        job = queued_job(language=LanguageCode("en"))
        jobs.add(job)
        with pytest.raises(ValueError):
            jobs.add(queued_job(job_id=job.id, language=LanguageCode("de")))
        assert jobs.get(job.id).language == LanguageCode("en")

    def test_changing_a_fetched_job_changes_nothing_until_saved(self, jobs: JobRepository) -> None:
        job = queued_job()
        jobs.add(job)
        fetched = jobs.get(job.id)
        fetched.start(T0 + timedelta(seconds=1))
        assert jobs.get(job.id).status is JobStatus.QUEUED

    def test_a_saved_job_keeps_its_new_state(self, jobs: JobRepository) -> None:
        job = queued_job(
            owner="key-a", session_id=SessionId.new(), language=LanguageCode("de"), model="base", audio_seconds=3.25
        )
        jobs.add(job)
        job.start(T0 + timedelta(seconds=1))
        job.report_progress(0.123456789, T0 + timedelta(seconds=2))
        jobs.save(job)
        assert jobs.get(job.id) == job

    def test_a_failed_job_keeps_its_reason(self, jobs: JobRepository) -> None:
        job = queued_job()
        jobs.add(job)
        job.start(T0 + timedelta(seconds=1))
        job.fail("the audio is silent", T0 + timedelta(seconds=2))
        jobs.save(job)
        stored = jobs.get(job.id)
        assert stored.status is JobStatus.FAILED
        assert stored.error == "the audio is silent"
        assert stored.finished_at == T0 + timedelta(seconds=2)

    def test_a_saved_transcript_comes_back_equal(self, jobs: JobRepository) -> None:
        job = queued_job()
        jobs.add(job)
        transcript = a_transcript()
        job.start(T0 + timedelta(seconds=1))
        job.complete(T0 + timedelta(seconds=2))
        jobs.save(job, transcript)
        assert jobs.transcript(job.id) == transcript and jobs.get(job.id) == job

    def test_a_transcript_saved_with_a_refused_state_is_not_kept(self, jobs: JobRepository) -> None:
        from domain.errors import IllegalTransition

        job = queued_job()
        jobs.add(job)
        cancelled = jobs.get(job.id)
        cancelled.cancel(T0 + timedelta(seconds=1))
        jobs.save(cancelled)
        job.start(T0 + timedelta(seconds=1))
        job.complete(T0 + timedelta(seconds=2))
        with pytest.raises(IllegalTransition):
            jobs.save(job, a_transcript())
        assert jobs.transcript(job.id) is None and jobs.get(job.id).status is JobStatus.CANCELLED

    def test_a_job_without_transcript_has_none(self, jobs: JobRepository) -> None:
        job = queued_job()
        jobs.add(job)
        assert jobs.transcript(job.id) is None

    def test_jobs_are_kept_apart(self, jobs: JobRepository) -> None:
        first, second = queued_job(), queued_job()
        jobs.add(first)
        jobs.add(second)
        jobs.save(first, a_transcript())
        assert jobs.get(second.id) == second
        assert jobs.transcript(second.id) is None
