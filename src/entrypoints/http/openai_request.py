"""An OpenAI transcription request: its form fields as OpenAI documents them, and the
answer in the `response_format` it asked for."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from litestar import Response

from adapters.openai_compat import (
    GRANULARITIES,
    RESPONSE_FORMATS,
    InvalidField,
    diarized_json,
    simple_json,
    verbose_json,
)
from adapters.transcript_formats import render
from domain.errors import InvalidValue
from domain.transcript import Transcript, TranscriptionOptions
from domain.values import LanguageCode
from entrypoints.http.upload_form import UploadForm

# OpenAI's name for its Whisper model: clients send it, we answer with our default model.
DEFAULT_ALIAS = "whisper-1"


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
