"""How many bytes of audio each caller has stored, against a maximum per caller."""

from typing import Protocol


class StorageQuota(Protocol):
    """A ledger per caller (an API key's id) of the audio bytes stored for each of its jobs.
    Where the adapter keeps it (this process, or Redis shared by every replica) is where the
    quota holds. A maximum of 0 is no quota: nothing is recorded and there is always room."""

    def reserve(self, caller: str, job_id: str, size_bytes: int) -> bool:
        """Record the job's bytes unless that would take the caller past its maximum (then
        False); check and record are one step. Recording a job already recorded is True."""
        ...

    def has_room(self, caller: str) -> bool:
        """Read-only: whether the caller has stored less than its maximum."""
        ...

    def used(self, caller: str) -> int:
        """Bytes recorded for the caller."""
        ...

    def recorded(self, caller: str) -> list[str]:
        """The job ids whose bytes are recorded for the caller."""
        ...

    def release(self, caller: str, job_id: str) -> None:
        """Forget the job's bytes; forgetting one that is not recorded is not an error."""
        ...
