"""One table from errors to HTTP answers; every error body is JSON that says what is wrong."""

from __future__ import annotations

import logging
import math
from http import HTTPStatus

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException

from application.errors import (
    AudioTooLong,
    AudioTooShort,
    DependencyUnavailable,
    EmptyAudio,
    RateLimited,
    TooManyActiveJobs,
    UploadStalled,
    InvalidRequest,
    JobInProgress,
    JobNotFound,
    SessionNotFound,
    TranscriptionFailed,
    TranscriptNotReady,
    UnknownModel,
    UnsupportedAudio,
    UnsupportedLanguage,
    UploadTooLarge,
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
    SessionNotFound: (404, "session_not_found"),
    JobNotFound: (404, "job_not_found"),
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
}


def error_body(status: int, error: str, detail: str) -> Response[dict[str, object]]:
    headers = {"Retry-After": "5"} if status == 503 else None
    return Response(
        {"status_code": status, "error": error, "detail": detail},
        status_code=status,
        media_type=MediaType.JSON,
        headers=headers,
    )


def application_error(_: Request, exc: Exception) -> Response[dict[str, object]]:
    for kind in type(exc).__mro__:
        if kind in STATUS_BY_ERROR:
            status, name = STATUS_BY_ERROR[kind]
            body = error_body(status, name, str(exc))
            if (wait := getattr(exc, "retry_after_seconds", None)) is not None:
                body.headers["Retry-After"] = str(max(1, math.ceil(wait)))
            if isinstance(exc, UnknownModel):
                body.content["available_models"] = exc.available
            return body
    return unexpected_error(_, exc)


def http_error(_: Request, exc: HTTPException) -> Response[dict[str, object]]:
    status = exc.status_code
    name = HTTPStatus(status).phrase.lower().replace(" ", "_") if status in HTTPStatus._value2member_map_ else "error"
    detail = exc.detail
    if status == 413:
        name, detail = "upload_too_large", "upload larger than the configured limit"
    body = error_body(status, name, detail)
    if getattr(exc, "extra", None):
        body.content["extra"] = exc.extra
    return body


def unexpected_error(_: Request, exc: Exception) -> Response[dict[str, object]]:
    log.error("unexpected error", exc_info=exc)
    return error_body(500, "internal_error", "the server failed; the error was logged")


EXCEPTION_HANDLERS = {
    HTTPException: http_error,
    Exception: application_error,
}
