"""How much each caller may submit: a rate per window and a number of unfinished jobs."""

from typing import Protocol

ANONYMOUS_CALLER = "anonymous"
"""The one caller every request counts as when the service runs without API keys."""


class SubmissionLimiter(Protocol):
    """Counts per caller (an API key's id). Where the adapter keeps its counts (this process,
    or Redis shared by every replica) is where the limits hold. A limit of 0 is no limit."""

    def count_submission(self, caller: str) -> float | None:
        """Count one submission, atomically. None while within the rate; otherwise the
        seconds until the caller's window lets another one in."""
        ...

    def seconds_until_allowed(self, caller: str) -> float | None:
        """Read-only twin of `count_submission`: None if one more submission would be within
        the rate now; otherwise the seconds until the window lets one in. Counts nothing."""
        ...

    def start_job(self, caller: str, job_id: str) -> bool:
        """Record the job as unfinished for the caller, unless the caller already has the
        maximum of unfinished jobs recorded (then False); check and record are one step."""
        ...

    def has_room_for_job(self, caller: str) -> bool:
        """Read-only: whether the caller has fewer unfinished jobs recorded than the maximum
        (always, with no maximum). Records nothing; `start_job` alone decides."""
        ...

    def active_jobs(self, caller: str) -> list[str]:
        """The job ids recorded as unfinished for the caller."""
        ...

    def end_job(self, caller: str, job_id: str) -> None:
        """Forget the job; forgetting one that is not recorded is not an error."""
        ...


class NoSubmissionLimits:
    """The null SubmissionLimiter: every submission is within the rate and records nothing."""

    def count_submission(self, caller: str) -> float | None:
        return None

    def seconds_until_allowed(self, caller: str) -> float | None:
        return None

    def start_job(self, caller: str, job_id: str) -> bool:
        return True

    def has_room_for_job(self, caller: str) -> bool:
        return True

    def active_jobs(self, caller: str) -> list[str]:
        return []

    def end_job(self, caller: str, job_id: str) -> None:
        pass


NO_LIMITS: SubmissionLimiter = NoSubmissionLimits()
