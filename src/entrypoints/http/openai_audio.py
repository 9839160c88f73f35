"""OpenAI-compatible speech to text: `POST /v1/audio/transcriptions` and `GET /v1/models`.

Answers synchronously, as OpenAI's API does, so its clients work with `base_url` pointed here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import anyio.to_thread
from litestar import Request, Response, get, post

from adapters.openai_compat import (
    GRANULARITIES,
    RESPONSE_FORMATS,
    InvalidField,
    diarized_json,
    error_object,
    param_of,
    simple_json,
    verbose_json,
)
from adapters.transcript_formats import render
from application.ports import AudioStorage, ModelCatalog
from application.ports.submission_limiter import ANONYMOUS_CALLER
from application.use_cases import (
    CheckSubmissionAllowed,
    CheckSubmissionCommand,
    ReceiveUpload,
    TranscribeNow,
    TranscribeNowCommand,
)
from domain.errors import InvalidValue
from domain.transcript import Transcript, TranscriptionOptions
from domain.values import AudioReference, LanguageCode
from entrypoints.http.auth import request_owner
from entrypoints.http.dependencies import Injected
from entrypoints.http.errors import ErrorAnswer, exception_handlers
from entrypoints.http.sync_gate import SyncGate
from entrypoints.http.upload_form import UploadForm, read_upload
from entrypoints.http.upload_workers import UploadSlots, UploadWorkers

# OpenAI's name for its Whisper model: clients send it, we answer with our default model.
DEFAULT_ALIAS = "whisper-1"
TRANSCRIPTIONS_PATH = "/v1/audio/transcriptions"
MODELS_PATH = "/v1/models"
OPENAI_PATHS = frozenset({TRANSCRIPTIONS_PATH, MODELS_PATH})  # errors in OpenAI's shape


def openai_shape(answer: ErrorAnswer, exc: Exception) -> dict[str, object]:
    """The service's answer to an error, in OpenAI's body: `code` is the service's name for it."""
    param = param_of(exc, answer.name)
    return error_object(answer.detail, answer.status, answer.name, param, **answer.extra)


OPENAI_ERRORS = exception_handlers(openai_shape)


@dataclass(frozen=True, slots=True)
class OpenAiRequest:
    options: TranscriptionOptions
    response_format: str
    granularities: tuple[str, ...]


def parse_request(form: UploadForm) -> OpenAiRequest:
    """The form's fields as OpenAI documents them; InvalidField naming a bad one."""
    model = form.text("model")
    response_format = form.text("response_format") or "json"
    if response_format not in RESPONSE_FORMATS:
        formats = ", ".join(RESPONSE_FORMATS)
        raise InvalidField("response_format", f"response_format must be one of: {formats}")
    granularities = tuple(
        dict.fromkeys(g.strip() for g in form.values.get("timestamp_granularities[]", []) if g.strip())
    )
    if any(g not in GRANULARITIES for g in granularities):
        among = ", ".join(GRANULARITIES)
        field = "timestamp_granularities[]"
        raise InvalidField(field, f"{field} must be among: {among}")
    options = TranscriptionOptions(
        language=_language(form.text("language")),
        model=None if model in (None, DEFAULT_ALIAS) else model,
        prompt=form.text("prompt"),
        temperature=_temperature(form.text("temperature")),
        # Word timings cost time; compute them only when they will be shown or shape cues.
        word_timestamps=True if "word" in granularities or response_format in ("srt", "vtt") else None,
        speakers=response_format == "diarized_json",
    )
    return OpenAiRequest(options, response_format, granularities or ("segment",))


def _language(raw: str | None) -> str | None:
    try:
        language = LanguageCode.parse_optional(raw)
        return language.value if language else None
    except InvalidValue as invalid:
        raise InvalidField("language", str(invalid)) from None


def _temperature(raw: str | None) -> float | None:
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = math.nan  # refused just below, with the same message
    if not 0.0 <= value <= 1.0:
        raise InvalidField("temperature", "temperature must be a number between 0 and 1")
    return value


def respond(transcript: Transcript, request: OpenAiRequest) -> Response[Any]:
    if request.response_format == "json":
        return Response(simple_json(transcript))
    if request.response_format == "verbose_json":
        return Response(verbose_json(transcript, request.granularities))
    if request.response_format == "diarized_json":
        return Response(diarized_json(transcript))
    rendered = render(transcript, request.response_format)
    return Response(rendered.body, media_type=rendered.media_type)


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
