"""Upload and job routes: the seed's /upload-audio and the /v1/jobs resource."""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from litestar import Request, Response, get, post
from litestar.params import FromPath

from adapters.json_codec import job_to_json, transcript_to_json
from application.ports import AudioStorage
from application.use_cases import (
    CheckSubmissionAllowed,
    CheckSubmissionCommand,
    GetJob,
    GetJobCommand,
    ReceiveUpload,
    SubmitUpload,
    SubmitUploadCommand,
)
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
    submit: SubmitUpload,
    workers: UploadWorkers,
    slots: UploadSlots,
    *,
    require_session: bool = False,
) -> TranscriptionJob:
    """Both upload routes: refuse a caller over its limits before a byte of the body is read
    (SubmitAudio checks again, atomically), stream the form, submit its audio with its fields."""
    owner = request_owner(request)
    await anyio.to_thread.run_sync(check.execute, CheckSubmissionCommand(owner))
    form = await read_upload(request, receive, storage, workers, slots)
    command = SubmitUploadCommand(form.audio, form.fields, owner=owner, require_session=require_session)
    return await anyio.to_thread.run_sync(submit.execute, command)


@post(
    "/upload-audio",
    status_code=202,
    summary="Upload audio for a WebSocket session (the seed flow)",
    description=UPLOAD_DESCRIPTION.format(
        fields=(
            ", `session_id` (from WS /notification), optional `output_file_name`, `media_format`, "
            "`language`, `model`, `speakers`"
        )
    ),
)
async def upload_audio(
    request: Request,
    check_submission_allowed: Injected[CheckSubmissionAllowed],
    receive_upload: Injected[ReceiveUpload],
    submit_upload: Injected[SubmitUpload],
    audio_storage: Injected[AudioStorage],
    upload_workers: Injected[UploadWorkers],
    upload_slots: Injected[UploadSlots],
) -> dict[str, Any]:
    job = await _submit(
        request,
        check_submission_allowed,
        receive_upload,
        audio_storage,
        submit_upload,
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
        fields=(
            ", optional `session_id`, `language`, `model`, `output_file_name`, `speakers` (true: label who spoke when)"
        )
    ),
)
async def create_job(
    request: Request,
    check_submission_allowed: Injected[CheckSubmissionAllowed],
    receive_upload: Injected[ReceiveUpload],
    submit_upload: Injected[SubmitUpload],
    audio_storage: Injected[AudioStorage],
    upload_workers: Injected[UploadWorkers],
    upload_slots: Injected[UploadSlots],
) -> Response[dict[str, Any]]:
    job = await _submit(
        request, check_submission_allowed, receive_upload, audio_storage, submit_upload, upload_workers, upload_slots
    )
    return Response(job_to_json(job), status_code=202, headers={"Location": f"/v1/jobs/{job.id}"})


@get("/v1/jobs/{job_id:str}", summary="A job, with its transcript once completed")
async def read_job(request: Request, job_id: FromPath[str], get_job: Injected[GetJob]) -> dict[str, Any]:
    view = await anyio.to_thread.run_sync(get_job.execute, GetJobCommand(job_id, request_owner(request)))
    body = job_to_json(view.job)
    body["transcript"] = transcript_to_json(view.transcript) if view.transcript else None
    return body
