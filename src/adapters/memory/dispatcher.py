"""RecordingJobDispatcher: keeps dispatched jobs in a list, or refuses them when told to."""

from __future__ import annotations

from application.errors import DependencyUnavailable
from domain.job import TranscriptionJob


class RecordingJobDispatcher:
    def __init__(self) -> None:
        self.dispatched: list[TranscriptionJob] = []
        self.unavailable = False

    def dispatch(self, job: TranscriptionJob) -> None:
        if self.unavailable:
            raise DependencyUnavailable("job queue unavailable")
        self.dispatched.append(job.copy())
