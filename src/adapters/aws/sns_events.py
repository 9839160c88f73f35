"""What an SNS Notification's Message carries here: an S3 event from the output bucket, or an
EventBridge "Transcribe Job State Change" routed through the same topic."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_plus

TRANSCRIBE_ACCESS_CHECK = ".write_access_check_file.temp"


@dataclass(frozen=True, slots=True)
class S3ObjectCreated:
    bucket: str
    key: str


@dataclass(frozen=True, slots=True)
class TranscribeJobStateChanged:
    job_name: str
    status: str
    failure_reason: str | None = None


def s3_objects_created(message: str | dict[str, Any]) -> list[S3ObjectCreated]:
    """Objects an S3 event reports as created, keys URL-decoded. The test event S3 sends when
    a notification is configured, and Transcribe's write-access probe, yield nothing; so does
    a message that is not an S3 event. A malformed S3 event raises ValueError."""
    document = _object(message)
    if document.get("Event") == "s3:TestEvent" or "Records" not in document:
        return []
    records = document["Records"]
    if not isinstance(records, list):
        raise ValueError("S3 event Records is not a list")
    found = []
    for n, record in enumerate(records):
        try:
            if not str(record.get("eventName", "")).startswith("ObjectCreated:"):
                continue
            bucket = record["s3"]["bucket"]["name"]
            key = unquote_plus(record["s3"]["object"]["key"])
        except (AttributeError, KeyError, TypeError):
            raise ValueError(f"S3 event record {n} has no bucket name or object key") from None
        if not key.endswith(TRANSCRIBE_ACCESS_CHECK):
            found.append(S3ObjectCreated(bucket, key))
    return found


def transcribe_state_change(message: str | dict[str, Any]) -> TranscribeJobStateChanged | None:
    """The Transcribe job an EventBridge event is about, or None if it is another kind of event."""
    document = _object(message)
    if document.get("source") != "aws.transcribe" or document.get("detail-type") != "Transcribe Job State Change":
        return None
    detail = document.get("detail")
    fields: dict[str, Any] = detail if isinstance(detail, dict) else {}  # no detail: no name, refused below
    name = fields.get("TranscriptionJobName")
    status = fields.get("TranscriptionJobStatus")
    if not isinstance(name, str) or not isinstance(status, str):
        raise ValueError("Transcribe state change has no job name or status")
    reason = fields.get("FailureReason")
    return TranscribeJobStateChanged(name, status, reason if isinstance(reason, str) else None)


def _object(message: str | dict[str, Any]) -> dict[str, Any]:
    if isinstance(message, dict):
        return message
    try:
        document = json.loads(message)
    except json.JSONDecodeError as error:
        raise ValueError(f"message is not JSON: {error}") from None
    if not isinstance(document, dict):
        raise ValueError("message is not a JSON object")
    return document
