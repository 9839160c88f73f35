"""A durable queue of jobs that worker processes consume, for when the API does not run them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from application.ports.job_dispatcher import JobDispatcher


@dataclass(frozen=True, slots=True)
class QueueMessage:
    """One delivery of a queued job id. `job_id` is whatever the message carried, unchecked:
    a worker that cannot parse it fails nothing and acks it. `exhausted` means the message
    has been delivered more than the queue's maximum attempts: fail the job with a reason and ack."""

    message_id: str
    job_id: str
    delivery_count: int
    exhausted: bool


class JobQueue(JobDispatcher, Protocol):
    """At-least-once delivery of queued jobs to named workers. A worker's loop: `claim` the
    next job, run it, `ack` it only once it is completed or failed, and `keep_claim` more often
    than the queue's claim time while it runs; a job whose worker went silent longer than that
    is claimed by another worker. Every method raises DependencyUnavailable when the queue
    cannot be reached."""

    def claim(self, worker: str, wait_seconds: float | None = None) -> QueueMessage | None:
        """The next job for `worker`: one whose worker went silent first (a later delivery),
        else one never delivered, waiting up to `wait_seconds` for one (None: don't wait)."""
        ...

    def keep_claim(self, worker: str, message: QueueMessage) -> bool:
        """Keep the claimed job this worker's; False if it no longer is (acked, or claimed by
        another worker after a stall)."""
        ...

    def ack(self, message: QueueMessage) -> None:
        """The job is finished: never deliver this message again."""
        ...

    def depth(self) -> int:
        """Jobs queued or running, not yet acknowledged."""
        ...
