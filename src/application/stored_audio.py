"""StoredAudio: what happens to a job's audio while it waits and once it ends, and how
much of it each caller may keep stored at once."""

from __future__ import annotations

import logging
from typing import Protocol

from application.errors import StorageQuotaExceeded
from application.ports import AudioStorage, JobRepository
from application.ports.storage_quota import StorageQuota
from application.ports.submission_limiter import ANONYMOUS_CALLER
from domain.errors import InvalidValue
from domain.job import TranscriptionJob
from domain.values import JobId

log = logging.getLogger(__name__)


class StoredAudio(Protocol):
    def check_room(self, caller: str) -> None:
        """Raise StorageQuotaExceeded if the caller has no room left at all (before an upload)."""
        ...

    def reserve(self, job: TranscriptionJob) -> None:
        """Count the job's audio against its owner, atomically; StorageQuotaExceeded if it does not fit."""
        ...

    def release(self, job: TranscriptionJob) -> None:
        """The job was never admitted after all: its bytes no longer count."""
        ...

    def job_ended(self, job: TranscriptionJob) -> None:
        """The job reached a final state (completed, failed, cancelled)."""
        ...


class KeptAudio:
    """No quota, and audio stays until the job is deleted: the null StoredAudio."""

    def check_room(self, caller: str) -> None:
        pass

    def reserve(self, job: TranscriptionJob) -> None:
        pass

    def release(self, job: TranscriptionJob) -> None:
        pass

    def job_ended(self, job: TranscriptionJob) -> None:
        pass


KEPT_AUDIO: StoredAudio = KeptAudio()


class AccountedAudio:
    """Rules:
    - a job's audio is deleted when the job reaches a final state, and its bytes leave its
      owner's account, unless `keep_audio` (then they count until the job is deleted);
    - a caller may have at most the quota's maximum of bytes stored for its jobs; the check
      before an upload refuses a caller with no room left, `reserve` settles uploads that
      race each other (one step in the quota's store);
    - bytes are forgotten lazily too: when a caller seems full, the jobs its ledger records
      are checked against the store, and those deleted (or ended, when audio is not kept)
      are released, so a release lost to a crash never locks a caller out.
    Without API keys every caller is one (ANONYMOUS_CALLER), as for the other limits."""

    def __init__(
        self, storage: AudioStorage, quota: StorageQuota, jobs: JobRepository, keep_audio: bool = False
    ) -> None:
        self._storage = storage
        self._quota = quota
        self._jobs = jobs
        self._keep_audio = keep_audio

    def check_room(self, caller: str) -> None:
        if self._quota.has_room(caller):
            return
        self._forget_released(caller)
        if not self._quota.has_room(caller):
            raise StorageQuotaExceeded(self._quota.used(caller))

    def reserve(self, job: TranscriptionJob) -> None:
        caller, size = _caller(job), job.audio.size_bytes
        if self._quota.reserve(caller, job.id.value, size):
            return
        self._forget_released(caller)
        if not self._quota.reserve(caller, job.id.value, size):
            raise StorageQuotaExceeded(self._quota.used(caller), size)

    def release(self, job: TranscriptionJob) -> None:
        try:
            self._quota.release(_caller(job), job.id.value)
        except Exception:
            log.warning("could not release the stored bytes of job %s; forgotten later", job.id)

    def job_ended(self, job: TranscriptionJob) -> None:
        if self._keep_audio:
            return
        try:
            self._storage.delete(job.audio)
        except Exception:  # the job has ended either way; the retention purge deletes it later
            log.warning("could not delete the audio of job %s", job.id, exc_info=True)
            return
        self.release(job)

    def _forget_released(self, caller: str) -> None:
        for recorded in self._quota.recorded(caller):
            try:
                job = self._jobs.get(JobId(recorded))
            except InvalidValue:
                job = None
            if job is None or (job.status.is_final and not self._keep_audio):
                self._quota.release(caller, recorded)


def _caller(job: TranscriptionJob) -> str:
    return job.owner or ANONYMOUS_CALLER
