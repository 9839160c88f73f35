"""OpenAI's response shapes from a domain transcript, and its error shape."""

from __future__ import annotations

from adapters.openai_compat import (
    LANGUAGE_NAMES,
    InvalidField,
    error_object,
    error_type,
    language_name,
    param_of,
    simple_json,
    verbose_json,
)
from adapters.segment_decoding import SegmentDecoding
from application.errors import InvalidRequest
from domain.transcript import Segment, Transcript, Word

TRANSCRIPT = Transcript.from_segments(
    (
        Segment(
            0.0,
            1.0,
            "Hola a todos.",
            (Word(0.0, 0.4, "Hola", 0.9), Word(0.5, 1.0, "todos.", 0.8)),
            SegmentDecoding(
                seek=0,
                tokens=(50364, 2404),
                temperature=0.0,
                avg_logprob=-0.2,
                compression_ratio=1.1,
                no_speech_prob=0.01,
            ),
        ),
        Segment(1.0, 2.0, "Vamos."),
    ),
    language="es",
    duration=2.0,
    language_probability=0.86,
)


def test_json_is_the_text_alone():
    assert simple_json(TRANSCRIPT) == {"text": "Hola a todos. Vamos."}


def test_verbose_json_names_the_language_and_numbers_the_segments():
    body = verbose_json(TRANSCRIPT)

    assert body["task"] == "transcribe" and body["language"] == "spanish" and body["duration"] == 2.0
    assert [s["id"] for s in body["segments"]] == [0, 1]
    assert body["segments"][0]["tokens"] == [50364, 2404] and body["segments"][0]["avg_logprob"] == -0.2
    assert body["segments"][1]["no_speech_prob"] == 0.0  # no decoding details: zeros, not missing keys
    assert "words" not in body


def test_words_come_only_when_asked_and_segments_only_when_not_left_out():
    words_only = verbose_json(TRANSCRIPT, ("word",))

    assert words_only["words"] == [
        {"word": "Hola", "start": 0.0, "end": 0.4},
        {"word": "todos.", "start": 0.5, "end": 1.0},
    ]
    assert "segments" not in words_only


def test_every_whisper_language_has_a_name():
    assert len(LANGUAGE_NAMES) == 100
    assert language_name("en") == "english" and language_name("yue") == "cantonese"
    assert language_name(None) == ""


def test_an_error_is_openai_s_four_fields_with_extras_inside_error():
    body = error_object("unknown model 'x'", 400, "unknown_model", "model", available_models=["base"])

    assert body == {
        "error": {
            "message": "unknown model 'x'",
            "type": "invalid_request_error",
            "param": "model",
            "code": "unknown_model",
            "available_models": ["base"],
        }
    }


def test_the_error_type_follows_the_status_as_the_client_s_exception_classes_do():
    statuses = (400, 401, 403, 404, 413, 415, 422, 429, 500, 503)
    types = {status: error_type(status) for status in statuses}

    assert types == {
        400: "invalid_request_error",
        401: "authentication_error",
        403: "permission_error",
        404: "invalid_request_error",
        413: "invalid_request_error",
        415: "invalid_request_error",
        422: "invalid_request_error",
        429: "rate_limit_error",
        500: "server_error",
        503: "server_error",
    }


def test_the_param_is_the_field_an_invalid_field_names_or_the_one_the_error_is_about():
    assert param_of(InvalidField("temperature", "too hot"), "invalid_request") == "temperature"
    assert param_of(InvalidRequest("no boundary"), "invalid_request") is None
    assert param_of(RuntimeError(), "unsupported_audio") == "file"
    assert param_of(RuntimeError(), "unknown_model") == "model"
    assert param_of(RuntimeError(), "internal_error") is None
