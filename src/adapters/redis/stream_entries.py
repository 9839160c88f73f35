"""What an entry of the job queue's Redis Stream says: the job it carries, and how many times
the consumer group has delivered it (XPENDING's count)."""

from __future__ import annotations

from redis import Redis

from adapters.redis.errors import as_text
from application.ports.job_queue import QueueMessage

# A stream entry's fields as the client parses them (RESP2, the client's protocol).
StreamFields = dict[bytes | str, bytes | str]


def delivery_counts(client: Redis, stream: str, group: str, message_ids: list[bytes | str]) -> dict[str, int]:
    """Each message's deliveries so far, by message id; one round trip for all of them."""
    if not message_ids:
        return {}
    with client.pipeline(transaction=False) as pipe:
        for mid in message_ids:
            pipe.xpending_range(stream, group, min=mid, max=mid, count=1)
        replies = pipe.execute()
    return {as_text(entry["message_id"]): int(entry["times_delivered"]) for reply in replies for entry in reply}


def queue_message(
    message_id: bytes | str, fields: StreamFields, delivery_count: int, max_attempts: int
) -> QueueMessage:
    raw_job_id = fields.get(b"job_id", fields.get("job_id", b""))
    return QueueMessage(
        message_id=as_text(message_id),
        job_id=as_text(raw_job_id),
        delivery_count=delivery_count,
        exhausted=delivery_count > max_attempts,
    )
