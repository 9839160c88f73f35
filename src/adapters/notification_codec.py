"""The messages pushed down a session's WebSocket, and their records for stores that keep
them until the session hears them."""

from __future__ import annotations

from typing import Any

from adapters.job_codec import job_from_record, job_to_json, job_to_record
from adapters.transcript_codec import transcript_from_json, transcript_to_json, transcript_to_record
from application.notifications import JobNotification, JobProgress, NotificationType


def notification_to_json(notification: JobNotification) -> dict[str, Any]:
    """The message pushed down a session's WebSocket."""
    message: dict[str, Any] = {
        "type": notification.type.value,
        "job_id": notification.job_id,
        "job": job_to_json(notification.job),
    }
    if notification.type is NotificationType.COMPLETED and notification.transcript is not None:
        message["transcript"] = transcript_to_json(notification.transcript)
    if notification.type is NotificationType.FAILED:
        message["error"] = notification.error
    return message


def progress_to_json(progress: JobProgress) -> dict[str, Any]:
    """The ephemeral `job.progress` message pushed down a session's WebSocket."""
    return {"type": "job.progress", "job_id": progress.job_id, "progress": progress.progress}


def progress_from_json(data: dict[str, Any]) -> JobProgress:
    return JobProgress(str(data["job_id"]), float(data["progress"]))


def notification_to_record(notification: JobNotification) -> dict[str, Any]:
    message = notification_to_json(notification)
    message["job"] = job_to_record(notification.job)
    if "transcript" in message:
        message["transcript"] = transcript_to_record(notification.transcript)  # type: ignore[arg-type]
    return message


def notification_from_record(record: dict[str, Any]) -> JobNotification:
    transcript = record.get("transcript")
    return JobNotification(
        type=NotificationType(record["type"]),
        job=job_from_record(record["job"]),
        transcript=transcript_from_json(transcript) if transcript else None,
        error=record.get("error"),
    )
