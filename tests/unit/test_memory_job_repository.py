"""The memory adapter against the JobRepository contract."""

import pytest

from adapters.memory import MemoryJobRepository, job_repository
from tests.contracts.job_repository import JobRepositoryContract


class TestMemoryJobRepository(JobRepositoryContract):
    crowd = 5_000  # a walk over the crowd would still cost a hundred times the bound checked

    @pytest.fixture
    def jobs(self) -> MemoryJobRepository:
        return MemoryJobRepository()

    @pytest.fixture
    def store_work(self, monkeypatch):
        """Jobs the store looked at: every listing tests each job it walks with `matches`."""
        examined = [0]
        check = job_repository.matches

        def counted(job, query):
            examined[0] += 1
            return check(job, query)

        monkeypatch.setattr(job_repository, "matches", counted)
        return lambda: examined[0]
