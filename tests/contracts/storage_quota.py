"""StorageQuotaContract: what every StorageQuota adapter promises.

A subclass provides `make_quota(max_bytes)`. Not named test_* so it is collected only
through its subclasses.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest


class StorageQuotaContract:
    @pytest.fixture
    def make_quota(self):
        raise NotImplementedError

    def test_bytes_are_counted_per_caller_up_to_the_maximum(self, make_quota) -> None:
        quota = make_quota(1000)
        assert quota.reserve("key-a", "job-1", 600)
        assert not quota.reserve("key-a", "job-2", 500)
        assert quota.reserve("key-b", "job-3", 900)
        assert quota.reserve("key-a", "job-4", 400)
        assert (quota.used("key-a"), quota.used("key-b")) == (1000, 900)
        assert quota.recorded("key-a") == ["job-1", "job-4"]
        assert not quota.has_room("key-a") and quota.has_room("key-b")

    def test_a_released_job_frees_its_bytes_once(self, make_quota) -> None:
        quota = make_quota(1000)
        quota.reserve("key-a", "job-1", 700)
        quota.reserve("key-a", "job-2", 300)
        quota.release("key-a", "job-1")
        quota.release("key-a", "job-1")
        quota.release("key-a", "never-recorded")
        assert quota.used("key-a") == 300 and quota.recorded("key-a") == ["job-2"]
        assert quota.reserve("key-a", "job-3", 700)

    def test_reserving_a_recorded_job_again_counts_it_once(self, make_quota) -> None:
        quota = make_quota(1000)
        assert quota.reserve("key-a", "job-1", 800)
        assert quota.reserve("key-a", "job-1", 800)
        assert quota.used("key-a") == 800

    def test_a_maximum_of_zero_is_no_quota(self, make_quota) -> None:
        quota = make_quota(0)
        assert all(quota.reserve("key-a", f"job-{n}", 10**12) for n in range(3))
        assert quota.has_room("key-a")

    def test_racing_reservations_never_pass_the_maximum_together(self, make_quota) -> None:
        quota = make_quota(1000)
        with ThreadPoolExecutor(8) as pool:
            taken = list(pool.map(lambda n: quota.reserve("key-a", f"job-{n}", 300), range(16)))
        assert taken.count(True) == 3 and quota.used("key-a") == 900

    def test_racing_releases_of_one_job_free_its_bytes_once(self, make_quota) -> None:
        quota = make_quota(1000)
        quota.reserve("key-a", "job-1", 700)
        quota.reserve("key-a", "job-2", 300)
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda _: quota.release("key-a", "job-1"), range(16)))
        assert quota.used("key-a") == 300 and quota.recorded("key-a") == ["job-2"]
