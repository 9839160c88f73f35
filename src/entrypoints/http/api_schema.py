"""What Litestar cannot see when it writes the OpenAPI schema, added once the app is built:
the multipart bodies (the upload routes read the raw stream, so no parameter names them)
and the error answers: in the service's shape (`errors.service_shape`) on every route but the
OpenAI-compatible ones, which answer in OpenAI's (`openai_audio.openai_shape`)."""

from __future__ import annotations

from litestar import Litestar
from litestar.openapi.spec import (
    Components,
    OpenAPIFormat,
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Reference,
    RequestBody,
    Schema,
)

from domain.values import MediaFormat
from entrypoints.http.openai_audio import OPENAI_PATHS, TRANSCRIPTIONS_PATH

_TEXT = Schema(type=OpenAPIType.STRING)
_FILE = Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY, description="the audio")
_JOB_FIELDS: dict[str, Schema | Reference] = {
    "file": _FILE,
    "session_id": Schema(
        type=OpenAPIType.STRING, pattern="^[0-9A-Za-z_-]{22,128}$", description="from WS /notification"
    ),
    "output_file_name": Schema(type=OpenAPIType.STRING, description="[0-9A-Za-z._-]{1,200}"),
    "media_format": Schema(type=OpenAPIType.STRING, enum=[f.value for f in MediaFormat]),
    "language": Schema(type=OpenAPIType.STRING, description="ISO 639-1, such as en"),
    "model": _TEXT,
    "speakers": Schema(
        type=OpenAPIType.STRING, enum=["true", "false"], description="label who spoke when (default VOXRELAY_SPEAKERS)"
    ),
}
# path -> (fields, required fields) of its multipart/form-data body
UPLOAD_FORMS: dict[str, tuple[dict[str, Schema | Reference], list[str]]] = {
    "/upload-audio": (_JOB_FIELDS, ["file", "session_id"]),
    "/v1/jobs": (_JOB_FIELDS, ["file"]),
    TRANSCRIPTIONS_PATH: (
        {
            "file": _FILE,
            "model": _TEXT,
            "language": _TEXT,
            "prompt": _TEXT,
            "temperature": _TEXT,
            "response_format": Schema(
                type=OpenAPIType.STRING, enum=["json", "text", "srt", "vtt", "verbose_json", "diarized_json"]
            ),
            "timestamp_granularities[]": _TEXT,
        },
        ["file"],
    ),
}
ERROR = Schema(
    type=OpenAPIType.OBJECT,
    required=["status_code", "error", "detail"],
    properties={
        "status_code": Schema(type=OpenAPIType.INTEGER),
        "error": Schema(type=OpenAPIType.STRING, description="a stable name, e.g. unsupported_audio"),
        "detail": Schema(type=OpenAPIType.STRING, description="what is wrong, for a person"),
    },
)
OPENAI_ERROR = Schema(
    type=OpenAPIType.OBJECT,
    required=["error"],
    properties={
        "error": Schema(
            type=OpenAPIType.OBJECT,
            required=["message", "type", "param", "code"],
            properties={
                "message": Schema(type=OpenAPIType.STRING, description="what is wrong, for a person"),
                "type": Schema(type=OpenAPIType.STRING, description="e.g. invalid_request_error"),
                "param": Schema(type=[OpenAPIType.STRING, OpenAPIType.NULL], description="the form field, if one"),
                "code": Schema(type=OpenAPIType.STRING, description="our name for it: unknown_model"),
            },
        )
    },
)
_ANY_ROUTE = {
    400: "bad request",
    401: "no or unknown API key",
    403: "not allowed",
    404: "no such route or resource",
    422: "a value is invalid",
    429: "too many requests; see Retry-After",
    503: "a dependency is down; retry later",
}
_WITH_BODY = {
    409: "conflicts with the job's state",
    413: "upload or audio too large",
    415: "not audio in an accepted format",
}
_UNDOCUMENTED = {"/healthz", "/readyz"}  # no key, no input: they answer 200 or 503 alone


def document_api(app: Litestar) -> None:
    """An on_startup hook: completes the schema Litestar built, before anyone reads it."""
    openapi = app.openapi_schema
    openapi.components = openapi.components or Components()
    schemas = {"Error": ERROR, "OpenAIError": OPENAI_ERROR}
    openapi.components.schemas = {**(openapi.components.schemas or {}), **schemas}
    for path, item in (openapi.paths or {}).items():
        for method in ("get", "post", "put", "patch", "delete"):
            operation = getattr(item, method, None)
            if operation is None or path in _UNDOCUMENTED:
                continue
            if path in UPLOAD_FORMS and method == "post":
                fields, required = UPLOAD_FORMS[path]
                form = Schema(type=OpenAPIType.OBJECT, properties=fields, required=required)
                operation.request_body = RequestBody(
                    content={"multipart/form-data": OpenAPIMediaType(schema=form)}, required=True
                )
            statuses = {**_ANY_ROUTE, **(_WITH_BODY if method != "get" else {})}
            shape = "OpenAIError" if path in OPENAI_PATHS else "Error"
            error = OpenAPIMediaType(schema=Reference(ref=f"#/components/schemas/{shape}"))
            operation.responses = dict(operation.responses or {})
            for status, description in statuses.items():
                operation.responses[str(status)] = OpenAPIResponse(
                    description=description, content={"application/json": error}
                )
