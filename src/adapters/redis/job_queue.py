"""RedisJobQueue: jobs on a Redis Stream read by a consumer group of worker processes,
let onto it in turns between API keys."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from redis import Redis
from redis.exceptions import ResponseError

from adapters.redis.errors import as_text, unavailable_when_unreachable
from adapters.redis.owner_turns import OwnerTurns
from adapters.redis.stream_entries import StreamFields, delivery_counts, queue_message
from application.ports.job_queue import JobQueue, QueueMessage
from domain.job import TranscriptionJob

_unavailable = unavailable_when_unreachable("job queue")
_T = TypeVar("_T")


class RedisJobQueue(JobQueue):
    """At-least-once delivery. A worker loop: `reclaim` (messages of dead workers), else
    `consume`; run the job; `ack` only once the job is completed or failed; call `extend`
    more often than every `claim_idle_ms` while a job runs so no one else reclaims it.
    Acked messages are deleted, so `depth` counts exactly the jobs not yet finished.

    Fairness: a dispatched job first waits with its owner's other jobs (OwnerTurns); a
    consumer with room lets the next one onto the stream, in turns between owners, just
    before it reads, so one key's queued jobs never stand between another key's first job
    and the next free consumer. What is already on the stream (a job let on by a consumer
    that died before reading it) is read first."""

    def __init__(
        self,
        client: Redis,
        stream: str = "voxrelay:jobs",
        group: str = "workers",
        max_attempts: int = 3,
        claim_idle_ms: int = 60_000,
    ) -> None:
        self._redis = client
        self.stream = stream
        self.group = group
        self.max_attempts = max_attempts
        self.claim_idle_ms = claim_idle_ms
        self._turns = OwnerTurns(client, stream)

    @_unavailable
    def dispatch(self, job: TranscriptionJob) -> None:
        self._turns.enqueue(job.owner, job.id.value)

    def claim(self, worker: str, wait_seconds: float | None = None) -> QueueMessage | None:
        """The port's claim in Redis Streams' words: XAUTOCLAIM a stalled message, else
        XREADGROUP a new one, blocking on the doorbell up to `wait_seconds`."""
        block_ms = None if wait_seconds is None else int(wait_seconds * 1000)
        messages = self.reclaim(worker, count=1) or self.consume(worker, block_ms=block_ms, count=1)
        return messages[0] if messages else None

    def keep_claim(self, worker: str, message: QueueMessage) -> bool:
        return self.extend(worker, message)

    @_unavailable
    def ensure_group(self) -> None:
        """Create the stream and group if missing; from id 0 so nothing already queued is skipped."""
        try:
            self._redis.xgroup_create(self.stream, self.group, id="0", mkstream=True)
        except ResponseError as error:
            if "BUSYGROUP" not in str(error):
                raise

    @_unavailable
    def consume(self, consumer_name: str, block_ms: int | None = None, count: int = 1) -> list[QueueMessage]:
        """Messages never delivered before; waits up to `block_ms` (None: don't wait)."""
        messages = self._take(consumer_name, count)
        if messages or block_ms is None:
            return messages
        self._turns.wait_for_doorbell(block_ms)
        return self._take(consumer_name, count)

    def _take(self, consumer_name: str, count: int) -> list[QueueMessage]:
        messages = self._read(consumer_name, count)
        if len(messages) < count and self._turns.promote(count - len(messages)):
            messages += self._read(consumer_name, count - len(messages))
        return messages

    def _read(self, consumer_name: str, count: int) -> list[QueueMessage]:
        # RESP2 (the client's protocol) gives [[stream, [(id, fields), ...]], ...]; the hint also allows RESP3's dict.
        reply = cast(
            "list[list[Any]]",
            self._in_group(lambda: self._redis.xreadgroup(self.group, consumer_name, {self.stream: ">"}, count=count)),
        )
        return [
            queue_message(message_id, fields, 1, self.max_attempts)
            for _stream, entries in reply or []
            for message_id, fields in entries
        ]

    @_unavailable
    def reclaim(self, consumer_name: str, count: int = 10) -> list[QueueMessage]:
        """Take over up to `count` messages left unacked longer than `claim_idle_ms`."""
        claimed: list[tuple[bytes | str, StreamFields]] = []
        cursor: bytes | str = "0-0"
        while len(claimed) < count:

            def autoclaim(start: bytes | str = cursor, left: int = count - len(claimed)) -> list[Any]:
                return self._redis.xautoclaim(
                    self.stream,
                    self.group,
                    consumer_name,
                    self.claim_idle_ms,
                    start_id=start,
                    count=left,
                )

            reply = self._in_group(autoclaim)
            cursor = reply[0]
            claimed += [(mid, fields) for mid, fields in reply[1] if fields is not None]
            if as_text(cursor) == "0-0":
                break
        counts = delivery_counts(self._redis, self.stream, self.group, [mid for mid, _ in claimed])
        return [queue_message(mid, fields, counts.get(as_text(mid), 1), self.max_attempts) for mid, fields in claimed]

    @_unavailable
    def extend(self, consumer_name: str, message: QueueMessage) -> bool:
        """Reset the message's idle time (not counted as a delivery): the job is still running.
        False if the message is no longer this consumer's (acked, or reclaimed by another
        worker after a stall): the caller may stop; a job run twice is harmless, just wasted."""
        pending = self._redis.xpending_range(
            self.stream, self.group, min=message.message_id, max=message.message_id, count=1
        )
        entry = pending[0] if pending else None  # count=1: at most one
        # An entry's consumer is a name, never the int its hint allows (that is times_delivered's).
        if entry is None or as_text(cast("bytes | str", entry["consumer"])) != consumer_name:
            return False
        self._redis.xclaim(self.stream, self.group, consumer_name, 0, [message.message_id], justid=True)
        return True

    @_unavailable
    def ack(self, message: QueueMessage) -> None:
        with self._redis.pipeline(transaction=True) as pipe:
            pipe.xack(self.stream, self.group, message.message_id)
            pipe.xdel(self.stream, message.message_id)
            pipe.execute()

    @_unavailable
    def depth(self) -> int:
        """Jobs queued or running, not yet acked: waiting their turn, or on the stream."""
        return int(self._redis.xlen(self.stream)) + self._turns.waiting()

    def _in_group(self, command: Callable[[], _T]) -> _T:
        # A Redis restarted without persistence has lost the group (or, before the first
        # job was let onto it, there is no stream yet): recreate it and go on. Redis says
        # NOGROUP for both; fakeredis words the second its own way.
        try:
            return command()
        except ResponseError as error:
            if "NOGROUP" not in str(error) and "requires the key to exist" not in str(error):
                raise
        self.ensure_group()
        return command()
