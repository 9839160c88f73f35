"""OpenAI-compatible speech to text: `POST /v1/audio/transcriptions` and `GET /v1/models`.

Answers synchronously, as OpenAI's API does, so its clients work with `base_url` pointed here.
Reading the form's fields and shaping the answer is `openai_request`.
"""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from litestar import Request, Response, get, post

from adapters.openai_compat import InvalidField, error_object, param_of
from application.ports import AudioStorage, ModelCatalog
from application.ports.submission_limiter import ANONYMOUS_CALLER
from application.use_cases import (
    CheckSubmissionAllowed,
    CheckSubmissionCommand,
    ReceiveUpload,
    TranscribeNow,
    TranscribeNowCommand,
)
from domain.transcript import Transcript, TranscriptionOptions
from domain.values import AudioReference
from entrypoints.http.auth import request_owner
from entrypoints.http.dependencies import Injected
from entrypoints.http.errors import ErrorAnswer, exception_handlers
from entrypoints.http.openai_request import DEFAULT_ALIAS, parse_request, respond
from entrypoints.http.sync_gate import SyncGate
from entrypoints.http.upload_form import read_upload
from entrypoints.http.upload_workers import UploadSlots, UploadWorkers

TRANSCRIPTIONS_PATH = "/v1/audio/transcriptions"
MODELS_PATH = "/v1/models"
OPENAI_PATHS = frozenset({TRANSCRIPTIONS_PATH, MODELS_PATH})  # errors in OpenAI's shape


def openai_shape(answer: ErrorAnswer, exc: Exception) -> dict[str, object]:
    """The service's answer to an error, in OpenAI's body: `code` is the service's name for it."""
    param = param_of(exc, answer.name)
    return error_object(answer.detail, answer.status, answer.name, param, **answer.extra)


OPENAI_ERRORS = exception_handlers(openai_shape)


def _transcribe(
    storage: AudioStorage, transcribe: TranscribeNow, audio: AudioReference, options: TranscriptionOptions, caller: str
) -> Transcript:
    with storage.open(audio) as stream:
        return transcribe.execute(TranscribeNowCommand(stream, options, caller=caller))


@post(
    TRANSCRIPTIONS_PATH,
    status_code=200,
    exception_handlers=OPENAI_ERRORS,
    summary="Transcribe audio now (OpenAI-compatible)",
    description=(
        "multipart/form-data with `file`, `model` (`whisper-1` is the default model; the names "
        "of GET /v1/models also work), optional `language`, `prompt`, `temperature`, "
        "`response_format` (json, text, srt, vtt, verbose_json, diarized_json: segments with "
        "speaker labels) and `timestamp_granularities[]` (word, segment). The audio is deleted "
        "once transcribed. Runs at most VOXRELAY_SYNC_CONCURRENCY at once; a key holding its "
        "share of the places gets 429, a full service 503, both with Retry-After."
    ),
)
async def create_transcription(
    request: Request,
    check_submission_allowed: Injected[CheckSubmissionAllowed],
    receive_upload: Injected[ReceiveUpload],
    sync_transcribe_now: Injected[TranscribeNow],
    audio_storage: Injected[AudioStorage],
    upload_workers: Injected[UploadWorkers],
    upload_slots: Injected[UploadSlots],
    sync_gate: Injected[SyncGate],
) -> Response[Any]:
    # Over its rate, a caller is refused before its audio is read; TranscribeNow still counts.
    # It takes no job place: the answer comes back on this request.
    owner = request_owner(request)
    await anyio.to_thread.run_sync(check_submission_allowed.execute, CheckSubmissionCommand(owner, starts_job=False))
    sync_gate.enter(owner)  # a place, or 429/503 before a byte of the audio is read
    try:
        form = await read_upload(request, receive_upload, audio_storage, upload_workers, upload_slots)
        try:
            if form.audio is None:
                raise InvalidField("file", "the form has no 'file' part")
            parsed = parse_request(form)
            transcript = await sync_gate.run(
                _transcribe,
                audio_storage,
                sync_transcribe_now,
                form.audio,
                parsed.options,
                owner or ANONYMOUS_CALLER,
            )
        finally:
            if form.audio is not None:
                await anyio.to_thread.run_sync(audio_storage.delete, form.audio)
    finally:
        sync_gate.leave(owner)
    return respond(transcript, parsed)


@get(
    MODELS_PATH,
    summary="The models this service offers (OpenAI-compatible)",
    exception_handlers=OPENAI_ERRORS,
)
async def list_models(model_catalog: Injected[ModelCatalog | None]) -> dict[str, Any]:
    models = await anyio.to_thread.run_sync(model_catalog.models) if model_catalog is not None else []
    names = [DEFAULT_ALIAS, *(m.name for m in models)] if models else []
    return {
        "object": "list",
        "data": [_model(name, models) for name in names],
    }


def _model(name: str, models: list) -> dict[str, Any]:
    info = next((m for m in models if m.name == name), models[0])  # the alias is the default
    return {
        "id": name,
        "object": "model",
        "created": 0,
        "owned_by": "voxrelay",
        "multilingual": info.multilingual,
        "loaded": info.loaded,
    }
