"""JSON shapes of jobs, transcripts and notifications: the wire format of the API, the
WebSocket pushes and every store that keeps them as text. Decoding inverts encoding."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from application.notifications import JobNotification, JobProgress, NotificationType
from domain.job import JobStatus, TranscriptionJob
from domain.transcript import Segment, SegmentDecoding, Transcript, Word
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


def transcript_to_json(transcript: Transcript) -> dict[str, Any]:
    """Speaker labels appear only on a transcript that has them (`speakers` non-empty)."""
    labelled = bool(transcript.speakers)
    data: dict[str, Any] = {
        "text": transcript.text,
        "language": transcript.language,
        "language_probability": transcript.language_probability,
        "duration": transcript.duration,
        "segments": [_segment_to_json(s, labelled) for s in transcript.segments],
    }
    if labelled:
        data["speakers"] = list(transcript.speakers)
    return data


def _segment_to_json(segment: Segment, labelled: bool) -> dict[str, Any]:
    words = []
    for w in segment.words:
        word: dict[str, Any] = {"start": w.start, "end": w.end, "text": w.text, "confidence": w.confidence}
        if labelled:
            word["speaker"] = w.speaker
        words.append(word)
    data: dict[str, Any] = {"start": segment.start, "end": segment.end, "text": segment.text}
    if labelled:
        data["speaker"] = segment.speaker
    data["words"] = words
    return data


def transcript_to_record(transcript: Transcript) -> dict[str, Any]:
    """Every field of the transcript, for stores: the public view plus each segment's decoding."""
    record = transcript_to_json(transcript)
    for segment, data in zip(transcript.segments, record["segments"], strict=True):
        if segment.decoding is not None:
            data["decoding"] = _decoding_to_json(segment.decoding)
    return record


def _decoding_to_json(decoding: SegmentDecoding) -> dict[str, Any]:
    return {
        "seek": decoding.seek,
        "tokens": list(decoding.tokens),
        "temperature": decoding.temperature,
        "avg_logprob": decoding.avg_logprob,
        "compression_ratio": decoding.compression_ratio,
        "no_speech_prob": decoding.no_speech_prob,
    }


def _decoding_from_json(data: dict[str, Any] | None) -> SegmentDecoding | None:
    if data is None:
        return None
    return SegmentDecoding(
        seek=data["seek"],
        tokens=tuple(data["tokens"]),
        temperature=data["temperature"],
        avg_logprob=data["avg_logprob"],
        compression_ratio=data["compression_ratio"],
        no_speech_prob=data["no_speech_prob"],
    )


def transcript_from_json(data: dict[str, Any]) -> Transcript:
    """Reads the public view and the record alike (a segment without `decoding` has none)."""
    segments = tuple(
        Segment(
            s["start"],
            s["end"],
            s["text"],
            tuple(Word(w["start"], w["end"], w["text"], w["confidence"], w.get("speaker")) for w in s.get("words", [])),
            _decoding_from_json(s.get("decoding")),
            speaker=s.get("speaker"),
        )
        for s in data.get("segments", [])
    )
    return Transcript(
        text=data["text"],
        language=data.get("language"),
        duration=data.get("duration", 0.0),
        segments=segments,
        language_probability=data.get("language_probability"),
        speakers=tuple(data.get("speakers", ())),
    )


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
