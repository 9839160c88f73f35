"""Hands a queued job to whatever will run it: a local thread pool, a queue, a remote engine."""

from typing import Protocol

from domain.job import TranscriptionJob


class JobDispatcher(Protocol):
    def dispatch(self, job: TranscriptionJob) -> None:
        """Accept the job for execution or raise DependencyUnavailable; never lose it silently."""
        ...
