"""Errors in the shape OpenAI's API answers them. Its clients pick the exception class by
status alone, put `error.message` in the exception's text and `code`, `param` and `type` in
its attributes."""

from __future__ import annotations

from application.errors import InvalidRequest

# `type` by status, named as the client's exception classes are; any other 4xx is an
# invalid request and any 5xx a server error, as OpenAI's own answers say.
ERROR_TYPES = {401: "authentication_error", 403: "permission_error", 429: "rate_limit_error"}

# The form field an error is about, where the error's name alone says which.
_ABOUT_THE_FILE = ("unsupported_audio", "empty_audio", "audio_too_short", "audio_too_long", "upload_too_large")
PARAM_BY_CODE = {
    "unknown_model": "model",
    "unsupported_language": "language",
    "speakers_unavailable": "response_format",  # diarized_json is how speakers are asked for
    **dict.fromkeys(_ABOUT_THE_FILE, "file"),
}


class InvalidField(InvalidRequest):
    """An invalid request about one form field, which OpenAI's error body names as `param`."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(message)
        self.param = param


def error_type(status: int) -> str:
    if status >= 500:
        return "server_error"
    return ERROR_TYPES.get(status, "invalid_request_error")


def param_of(error: Exception, code: str) -> str | None:
    return error.param if isinstance(error, InvalidField) else PARAM_BY_CODE.get(code)


def error_object(
    message: str, status: int, code: str | None = None, param: str | None = None, **extra: object
) -> dict[str, object]:
    """OpenAI's error body; `extra` adds fields beside its four, inside `error`."""
    error = {"message": message, "type": error_type(status), "param": param, "code": code}
    return {"error": {**error, **extra}}
