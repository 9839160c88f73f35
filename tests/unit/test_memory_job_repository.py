"""The memory adapter against the JobRepository contract."""

import pytest

from adapters.memory import MemoryJobRepository
from tests.contracts.job_repository import JobRepositoryContract


class TestMemoryJobRepository(JobRepositoryContract):
    @pytest.fixture
    def jobs(self) -> MemoryJobRepository:
        return MemoryJobRepository()
