"""JSON shapes of jobs, transcripts and notifications: the wire format of the API, the
WebSocket pushes and every store that keeps them as text. Decoding inverts encoding.
Each shape has its module (job_codec, transcript_codec, notification_codec); this one
gathers them for the adapters and handlers that use several."""

from adapters.job_codec import job_from_record, job_to_json, job_to_record
from adapters.notification_codec import (
    notification_from_record,
    notification_to_json,
    notification_to_record,
    progress_from_json,
    progress_to_json,
)
from adapters.transcript_codec import transcript_from_json, transcript_to_json, transcript_to_record

__all__ = [
    "job_from_record",
    "job_to_json",
    "job_to_record",
    "notification_from_record",
    "notification_to_json",
    "notification_to_record",
    "progress_from_json",
    "progress_to_json",
    "transcript_from_json",
    "transcript_to_json",
    "transcript_to_record",
]
