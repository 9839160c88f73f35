"""What operators measure: jobs, their speed, and how fast results reach clients."""

from typing import Protocol

from domain.job import TranscriptionJob


class Metrics(Protocol):
    def job_submitted(self) -> None: ...

    def job_finished(self, job: TranscriptionJob) -> None:
        """Called once per job that reaches COMPLETED or FAILED, with its timings."""
        ...

    def result_delivered(self, latency_seconds: float) -> None:
        """Time from a job's end to its result being written to a client's socket."""
        ...
