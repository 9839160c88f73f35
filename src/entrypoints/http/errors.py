"""One table from errors to HTTP answers; every error body is JSON that says what is wrong.

`answer_for` decides what an error means (status, name, detail, headers); a shape turns that
into a body. The service's own shape is the default; the OpenAI-compatible routes use OpenAI's."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException
from litestar.types import ExceptionHandlersMap

from application.errors import (
    AudioNotHeld,
    AudioTooLong,
    AudioTooShort,
    DependencyUnavailable,
    EmptyAudio,
    InvalidRequest,
    JobInProgress,
    JobNotFound,
    RateLimited,
    ServiceBusy,
    SessionNotFound,
    SpeakersUnavailable,
    StorageQuotaExceeded,
    TooManyActiveJobs,
    TooManyTranscriptions,
    TooManyUploads,
    TranscriptionFailed,
    TranscriptNotReady,
    UnknownModel,
    UnsupportedAudio,
    UnsupportedLanguage,
    UploadStalled,
    UploadTooLarge,
    UploadTooSlow,
)
from domain.errors import IllegalTransition, InvalidValue

log = logging.getLogger(__name__)

STATUS_BY_ERROR: dict[type[Exception], tuple[int, str]] = {
    InvalidRequest: (422, "invalid_request"),
    InvalidValue: (422, "invalid_value"),
    EmptyAudio: (422, "empty_audio"),
    AudioTooShort: (422, "audio_too_short"),
    AudioTooLong: (413, "audio_too_long"),
    UnsupportedAudio: (415, "unsupported_audio"),
    UploadTooLarge: (413, "upload_too_large"),
    StorageQuotaExceeded: (413, "storage_quota_exceeded"),
    SessionNotFound: (404, "session_not_found"),
    JobNotFound: (404, "job_not_found"),
    AudioNotHeld: (404, "audio_not_held"),
    IllegalTransition: (409, "conflict"),
    TranscriptNotReady: (409, "transcript_not_ready"),
    JobInProgress: (409, "job_in_progress"),
    TranscriptionFailed: (422, "transcription_failed"),
    DependencyUnavailable: (503, "service_unavailable"),
    UnknownModel: (400, "unknown_model"),
    UnsupportedLanguage: (400, "unsupported_language"),
    RateLimited: (429, "rate_limited"),
    TooManyActiveJobs: (429, "too_many_active_jobs"),
    UploadStalled: (408, "upload_timeout"),
    SpeakersUnavailable: (400, "speakers_unavailable"),
    UploadTooSlow: (408, "upload_too_slow"),
    TooManyUploads: (429, "too_many_uploads"),
    TooManyTranscriptions: (429, "too_many_transcriptions"),
    ServiceBusy: (503, "server_busy"),
}


@dataclass(frozen=True, slots=True)
class ErrorAnswer:
    """What an error means over HTTP, before any body shape is chosen."""

    status: int
    name: str  # stable, for programs: unsupported_audio
    detail: str  # for a person
    headers: dict[str, str] = field(default_factory=dict)
    extra: dict[str, object] = field(default_factory=dict)  # more fields a client may use


def answer_for(exc: Exception) -> ErrorAnswer:
    """Litestar's HTTP errors by status, ours by the table, anything else a 500 that is logged."""
    if isinstance(exc, HTTPException):
        return _http_answer(exc)
    for kind in type(exc).__mro__:
        if kind in STATUS_BY_ERROR:
            status, name = STATUS_BY_ERROR[kind]
            headers = _retry_after(status)
            if (wait := getattr(exc, "retry_after_seconds", None)) is not None:
                headers["Retry-After"] = str(max(1, math.ceil(wait)))
            extra: dict[str, object] = {"available_models": exc.available} if isinstance(exc, UnknownModel) else {}
            return ErrorAnswer(status, name, str(exc), headers, extra)
    log.error("unexpected error", exc_info=exc)
    return ErrorAnswer(500, "internal_error", "the server failed; the error was logged")


def _http_answer(exc: HTTPException) -> ErrorAnswer:
    status = exc.status_code
    name = HTTPStatus(status).phrase.lower().replace(" ", "_") if status in HTTPStatus._value2member_map_ else "error"
    detail = exc.detail
    if status == 413:
        name, detail = "upload_too_large", "upload larger than the configured limit"
    extra: dict[str, object] = {"extra": exc.extra} if getattr(exc, "extra", None) else {}
    return ErrorAnswer(status, name, detail, _retry_after(status), extra)


def _retry_after(status: int) -> dict[str, str]:
    return {"Retry-After": "5"} if status == 503 else {}


ErrorShape = Callable[[ErrorAnswer, Exception], dict[str, object]]


def service_shape(answer: ErrorAnswer, _: Exception | None = None) -> dict[str, object]:
    body = {"status_code": answer.status, "error": answer.name, "detail": answer.detail}
    return {**body, **answer.extra}


def exception_handlers(shape: ErrorShape) -> ExceptionHandlersMap:
    """Handlers answering every error in `shape`. A route's handlers merge with the app's and
    the most specific class wins, so HTTPException is named too: else the app's would answer it."""

    def handle(_: Request, exc: Exception) -> Response[dict[str, object]]:
        answer = answer_for(exc)
        return _response(shape(answer, exc), answer)

    return {HTTPException: handle, Exception: handle}


def error_body(status: int, error: str, detail: str) -> Response[dict[str, object]]:
    answer = ErrorAnswer(status, error, detail, _retry_after(status))
    return _response(service_shape(answer), answer)


def _response(body: dict[str, object], answer: ErrorAnswer) -> Response[dict[str, object]]:
    return Response(body, status_code=answer.status, media_type=MediaType.JSON, headers=answer.headers or None)


EXCEPTION_HANDLERS = exception_handlers(service_shape)
