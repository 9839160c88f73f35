"""Upload and job routes: the seed's /upload-audio and the /v1/jobs resource."""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from litestar import Request, Response, get, post
from litestar.params import FromPath

from adapters.json_codec import job_to_json, transcript_to_json
from application.errors import InvalidRequest
from application.ports import AudioStorage
from application.use_cases import (
    CheckSubmissionAllowed,
    CheckSubmissionCommand,
    GetJob,
    GetJobCommand,
    ReceiveUpload,
    SubmitAudio,
    SubmitAudioCommand,
)
from domain.errors import InvalidValue
from domain.job import TranscriptionJob
from entrypoints.http.auth import request_owner
from entrypoints.http.dependencies import Injected
from entrypoints.http.upload_form import read_upload
from entrypoints.http.upload_workers import UploadSlots, UploadWorkers

UPLOAD_DESCRIPTION = (
    "multipart/form-data with `file` (the audio){fields}. The file streams to storage; "
    "content that does not decode as audio is refused with 415, an empty or too short one "
    "with 422, a too large one with 413, an unknown session with 404. A key over its rate or "
    "with its maximum of unfinished jobs gets 429 with Retry-After before the file is read."
)


async def _submit(
    request: Request,
    check: CheckSubmissionAllowed,
    receive: ReceiveUpload,
    storage: AudioStorage,
    submit: SubmitAudio,
    workers: UploadWorkers,
    slots: UploadSlots,
    *,
    require_session: bool = False,
) -> TranscriptionJob:
    """Both upload routes: refuse a caller over its limits before a byte of the body is read
    (SubmitAudio checks again, atomically), stream the form, submit its audio with its fields."""
    await anyio.to_thread.run_sync(check.execute, CheckSubmissionCommand(request_owner(request)))
    form = await read_upload(request, receive, storage, workers, slots)
    if form.audio is None:
        raise InvalidRequest("the form has no 'file' part")
    try:
        speakers = _flag(form.text("speakers"), "speakers")
    except InvalidValue:
        await anyio.to_thread.run_sync(storage.delete, form.audio)  # refused: nothing is kept
        raise
    command = SubmitAudioCommand(
        audio=form.audio,
        session_id=form.text("session_id"),
        require_session=require_session,
        output_file_name=form.text("output_file_name"),
        media_format=form.text("media_format"),
        language=form.text("language"),
        model=form.text("model"),
        owner=request_owner(request),
        speakers=speakers,
    )
    return await anyio.to_thread.run_sync(submit.execute, command)


_TRUE, _FALSE = ("true", "1", "yes", "on"), ("false", "0", "no", "off")


def _flag(raw: str | None, name: str) -> bool | None:
    if raw is None:
        return None
    if raw.lower() in _TRUE + _FALSE:
        return raw.lower() in _TRUE
    raise InvalidValue(f"{name} must be true or false, not {raw[:40]!r}")


@post(
    "/upload-audio",
    status_code=202,
    summary="Upload audio for a WebSocket session (the seed flow)",
    description=UPLOAD_DESCRIPTION.format(
        fields=", `session_id` (from WS /notification), optional `output_file_name`, `media_format`, `language`, `model`, `speakers`"
    ),
)
async def upload_audio(
    request: Request,
    check_submission_allowed: Injected[CheckSubmissionAllowed],
    receive_upload: Injected[ReceiveUpload],
    submit_audio: Injected[SubmitAudio],
    audio_storage: Injected[AudioStorage],
    upload_workers: Injected[UploadWorkers],
    upload_slots: Injected[UploadSlots],
) -> dict[str, Any]:
    job = await _submit(
        request,
        check_submission_allowed,
        receive_upload,
        audio_storage,
        submit_audio,
        upload_workers,
        upload_slots,
        require_session=True,
    )
    return job_to_json(job)


@post(
    "/v1/jobs",
    status_code=202,
    summary="Create a transcription job",
    description=UPLOAD_DESCRIPTION.format(
        fields=", optional `session_id`, `language`, `model`, `output_file_name`, `speakers` (true: label who spoke when)"
    ),
)
async def create_job(
    request: Request,
    check_submission_allowed: Injected[CheckSubmissionAllowed],
    receive_upload: Injected[ReceiveUpload],
    submit_audio: Injected[SubmitAudio],
    audio_storage: Injected[AudioStorage],
    upload_workers: Injected[UploadWorkers],
    upload_slots: Injected[UploadSlots],
) -> Response[dict[str, Any]]:
    job = await _submit(
        request, check_submission_allowed, receive_upload, audio_storage, submit_audio, upload_workers, upload_slots
    )
    return Response(job_to_json(job), status_code=202, headers={"Location": f"/v1/jobs/{job.id}"})


@get("/v1/jobs/{job_id:str}", summary="A job, with its transcript once completed")
async def read_job(request: Request, job_id: FromPath[str], get_job: Injected[GetJob]) -> dict[str, Any]:
    view = await anyio.to_thread.run_sync(get_job.execute, GetJobCommand(job_id, request_owner(request)))
    body = job_to_json(view.job)
    body["transcript"] = transcript_to_json(view.transcript) if view.transcript else None
    return body
