"""A job's JSON: its public view (the API, the WebSocket pushes) and its record (stores)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.job import JobStatus, TranscriptionJob
from domain.values import AudioReference, JobId, LanguageCode, MediaFormat, OutputFileName, SessionId


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _parse_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def job_to_json(job: TranscriptionJob) -> dict[str, Any]:
    """The public view of a job. The audio key and session token are not in it."""
    return {
        "id": job.id.value,
        "status": job.status.value,
        "created_at": _time(job.created_at),
        "updated_at": _time(job.updated_at),
        "started_at": _time(job.started_at),
        "finished_at": _time(job.finished_at),
        "output_file_name": job.output_file_name.value,
        "media_format": job.media_format.value,
        "language": job.language.value if job.language else None,
        "model": job.model,
        "audio_seconds": job.audio_seconds,
        "speakers": job.speakers,
        "progress": round(job.progress, 4),
        "attempts": job.attempts,
        "error": job.error,
    }


def job_to_record(job: TranscriptionJob) -> dict[str, Any]:
    """Everything needed to rebuild the job, for stores."""
    record = job_to_json(job)
    record["audio_key"] = job.audio.key
    record["audio_size"] = job.audio.size_bytes
    record["session_id"] = job.session_id.value if job.session_id else None
    record["owner"] = job.owner
    record["progress"] = job.progress  # the public view rounds it; a store keeps it exact
    return record


def job_from_record(record: dict[str, Any]) -> TranscriptionJob:
    return TranscriptionJob(
        id=JobId(record["id"]),
        audio=AudioReference(record["audio_key"], record["audio_size"]),
        media_format=MediaFormat(record["media_format"]),
        output_file_name=OutputFileName(record["output_file_name"]),
        created_at=_parse_time(record["created_at"]),  # type: ignore[arg-type]
        session_id=SessionId(record["session_id"]) if record.get("session_id") else None,
        owner=record.get("owner"),
        language=LanguageCode(record["language"]) if record.get("language") else None,
        model=record.get("model"),
        audio_seconds=record.get("audio_seconds"),
        speakers=bool(record.get("speakers", False)),
        status=JobStatus(record["status"]),
        updated_at=_parse_time(record.get("updated_at")),
        started_at=_parse_time(record.get("started_at")),
        finished_at=_parse_time(record.get("finished_at")),
        error=record.get("error"),
        attempts=record.get("attempts", 0),
        progress=record.get("progress", 0.0),
    )
