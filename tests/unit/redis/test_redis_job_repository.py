"""RedisJobRepository against the JobRepository contract, on fakeredis."""

import fakeredis
import pytest

from adapters.redis import RedisJobRepository
from tests.contracts.job_repository import JobRepositoryContract, a_transcript, counting_redis_work, queued_job


@pytest.fixture
def client() -> fakeredis.FakeRedis:
    return fakeredis.FakeRedis(server=fakeredis.FakeServer())


class TestRedisJobRepositoryOnFakeRedis(JobRepositoryContract):
    crowd = 1_000  # fakeredis runs every command in Python; a walk over it would cost 25 times the bound

    @pytest.fixture
    def jobs(self, client) -> RedisJobRepository:
        return RedisJobRepository(client, retention_seconds=3600)

    @pytest.fixture
    def store_work(self, client, monkeypatch):
        return counting_redis_work(client, monkeypatch)


def test_a_job_and_its_transcript_are_kept_for_the_retention_time(client) -> None:
    jobs = RedisJobRepository(client, retention_seconds=3600)
    job = queued_job()
    jobs.add(job)
    jobs.save(job, a_transcript())
    kept = [key for key in client.keys("voxrelay:*") if b"jobs:by-created" not in key]
    ttls = [client.pttl(key) for key in kept]
    assert len(ttls) == 2 and all(3_500_000 < ttl <= 3_600_000 for ttl in ttls)
    # The listing index outlives its entries; listing drops those whose job has expired.


def test_saving_a_job_restarts_its_retention_time(client) -> None:
    jobs = RedisJobRepository(client, retention_seconds=3600)
    job = queued_job()
    jobs.add(job)
    client.pexpire(f"voxrelay:job:{job.id}", 1000)
    jobs.save(job)
    assert client.pttl(f"voxrelay:job:{job.id}") > 3_500_000


def test_without_retention_jobs_are_kept_until_deleted(client) -> None:
    jobs = RedisJobRepository(client, retention_seconds=None)
    job = queued_job()
    jobs.add(job)
    assert client.pttl(f"voxrelay:job:{job.id}") == -1


def test_without_retention_a_saved_job_is_kept_until_deleted(client) -> None:
    jobs = RedisJobRepository(client, retention_seconds=None)
    job = queued_job()
    jobs.add(job)
    job.cancel(job.created_at)
    jobs.save(job)
    assert client.pttl(f"voxrelay:job:{job.id}") == -1 and jobs.get(job.id) == job


def test_a_save_is_one_command_to_redis_once_its_script_is_loaded(client, monkeypatch) -> None:
    """The worker saves every job it ends: a WATCH transaction was three round trips."""
    jobs = RedisJobRepository(client, retention_seconds=3600)
    job = queued_job()
    jobs.add(job)
    jobs.save(job)  # the first call loads the script into Redis
    work = counting_redis_work(client, monkeypatch)
    job.cancel(job.created_at)
    jobs.save(job)
    assert work() == 1 and jobs.get(job.id) == job


def test_a_refused_save_leaves_the_stored_record_as_it_was(client) -> None:
    from domain.errors import IllegalTransition

    jobs = RedisJobRepository(client, retention_seconds=3600)
    job = queued_job()
    jobs.add(job)
    cancelled = jobs.get(job.id)
    cancelled.cancel(job.created_at)
    jobs.save(cancelled)
    stored = client.get(f"voxrelay:job:{job.id}")
    job.fail("too late", job.created_at)
    with pytest.raises(IllegalTransition) as refused:
        jobs.save(job)
    assert "CANCELLED" in str(refused.value) and client.get(f"voxrelay:job:{job.id}") == stored


def test_without_retention_a_transcript_saved_is_kept_until_deleted(client) -> None:
    jobs = RedisJobRepository(client, retention_seconds=None)
    job = queued_job()
    jobs.add(job)
    jobs.save(job, a_transcript())
    assert client.pttl(f"voxrelay:transcript:{job.id}") == -1 and jobs.transcript(job.id) == a_transcript()


def test_a_save_with_its_transcript_is_one_command_to_redis(client, monkeypatch) -> None:
    jobs = RedisJobRepository(client, retention_seconds=3600)
    job = queued_job()
    jobs.add(job)
    jobs.save(job)  # the first call loads the script into Redis
    work = counting_redis_work(client, monkeypatch)
    job.cancel(job.created_at)
    jobs.save(job, a_transcript())
    assert work() == 1 and jobs.transcript(job.id) == a_transcript()
