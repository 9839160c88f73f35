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
    """At-least-once delivery to named consumers. A worker loop: `reclaim` (messages whose
    consumer died), else `consume`; run the job; `ack` only once the job is completed or
    failed; `extend` more often than the claim idle time while a job runs. Every method
    raises DependencyUnavailable when the queue cannot be reached."""

    def ensure_group(self) -> None:
        """Make the queue ready for consumers; safe to call many times."""
        ...

    def consume(self, consumer_name: str, block_ms: int | None = None, count: int = 1) -> list[QueueMessage]:
        """Messages never delivered before; waits up to `block_ms` (None: don't wait)."""
        ...

    def reclaim(self, consumer_name: str, count: int = 10) -> list[QueueMessage]:
        """Take over messages left unacknowledged longer than the claim idle time."""
        ...

    def extend(self, consumer_name: str, message: QueueMessage) -> bool:
        """Keep the message this consumer's; False if it no longer is."""
        ...

    def ack(self, message: QueueMessage) -> None:
        """The job is finished: never deliver this message again."""
        ...

    def depth(self) -> int:
        """Jobs queued or running, not yet acknowledged."""
        ...
