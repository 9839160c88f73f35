"""The official `openai` client against the real service: every response format, models,
languages, and errors in OpenAI's shape, raised by the client as the exception it would raise
for OpenAI's own API, with our message and our name for the error as its `code`."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import openai
import pytest
import srt
import webvtt

from tests.integration.service import RunningService, start_service

pytestmark = pytest.mark.slow
FIXTURES = Path(__file__).parent / "fixtures"
SPEECH = FIXTURES / "speech.wav"


def words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", text.lower()).split())


@pytest.fixture(scope="module")
def service(tmp_path_factory) -> RunningService:
    running = start_service(tmp_path_factory.mktemp("openai") / "data")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def client(service) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{service.http}/v1", api_key="unused", timeout=300, max_retries=0)


def transcribe(client: openai.OpenAI, path: Path = SPEECH, **options):
    with path.open("rb") as audio:
        return client.audio.transcriptions.create(file=(path.name, audio), **{"model": "whisper-1", **options})


def test_json_answers_the_text_and_keeps_no_audio(client, service):
    result = transcribe(client)

    assert "quick brown fox" in words(result.text) and "lazy dog" in words(result.text)
    assert service.stored_audio() == []


def test_text_answers_plain_text(client):
    result = transcribe(client, response_format="text")

    assert isinstance(result, str) and not result.lstrip().startswith("{")
    assert "lazy dog" in words(result)


def test_srt_answers_subtitles_a_parser_accepts(client):
    result = transcribe(client, response_format="srt")

    cues = list(srt.parse(result))
    assert cues and cues[0].start.total_seconds() >= 0
    assert "lazy dog" in words(" ".join(cue.content for cue in cues))


def test_vtt_answers_subtitles_a_parser_accepts(client):
    result = transcribe(client, response_format="vtt")

    captions = webvtt.from_string(result)
    assert len(captions) >= 1
    assert "lazy dog" in words(" ".join(c.text for c in captions))


def test_verbose_json_has_segments_words_and_the_language_by_name(client):
    result = transcribe(client, response_format="verbose_json", timestamp_granularities=["word", "segment"])

    assert result.language == "english"
    assert result.duration == pytest.approx(9.8, abs=0.1)
    assert result.segments and result.words
    first = result.segments[0]
    assert first.id == 0 and first.tokens and first.end > first.start
    assert -5 < first.avg_logprob <= 0 and 0 <= first.no_speech_prob <= 1
    assert [w.word for w in result.words][:3] == ["The", "quick", "brown"]
    starts = [w.start for w in result.words]
    assert starts == sorted(starts)


def test_verbose_json_without_granularities_has_segments_only(client):
    result = transcribe(client, response_format="verbose_json", prompt="Stella", temperature=0.0)

    assert result.segments and not getattr(result, "words", None)


def test_the_models_are_listed_with_openai_s_alias_first(client):
    ids = [model.id for model in client.models.list()]

    assert ids[:3] == ["whisper-1", "tiny.en", "base"]


def test_the_multilingual_model_detects_spanish(client):
    result = transcribe(client, FIXTURES / "speech_es.wav", model="base", response_format="verbose_json")

    assert result.language == "spanish"
    assert "mercado" in words(result.text)


def test_an_unknown_model_is_a_400_listing_the_available_ones(client, service):
    kept = set(service.stored_audio())
    with pytest.raises(openai.BadRequestError) as refused:
        transcribe(client, model="gpt-4o-transcribe")

    assert refused.value.response.json() == {
        "error": {
            "message": "unknown model 'gpt-4o-transcribe'; available: tiny.en, base",
            "type": "invalid_request_error",
            "param": "model",
            "code": "unknown_model",
            "available_models": ["tiny.en", "base"],
        }
    }
    assert "unknown model 'gpt-4o-transcribe'" in str(refused.value)
    assert refused.value.code == "unknown_model" and refused.value.param == "model"
    assert refused.value.body["available_models"] == ["tiny.en", "base"]
    assert set(service.stored_audio()) <= kept  # nothing new (an ended job takes its own)


def test_french_on_an_english_only_model_is_a_400(client, service):
    kept = set(service.stored_audio())
    with pytest.raises(openai.BadRequestError) as refused:
        transcribe(client, model="tiny.en", language="fr")

    assert refused.value.code == "unsupported_language" and refused.value.param == "language"
    assert "English-only" in refused.value.message
    assert set(service.stored_audio()) <= kept  # nothing new (an ended job takes its own)


def test_a_form_without_a_file_is_a_422_naming_the_file_field(client):
    with pytest.raises(openai.UnprocessableEntityError) as refused:
        client.post(
            "/audio/transcriptions",
            cast_to=object,
            body={"model": "whisper-1"},
            files=[("audio", ("a.wav", b"RIFF"))],  # not the field OpenAI names `file`
            options={"headers": {"Content-Type": "multipart/form-data"}},
        )

    assert refused.value.response.json() == {
        "error": {
            "message": "the form has no 'file' part",
            "type": "invalid_request_error",
            "param": "file",
            "code": "invalid_request",
        }
    }
    assert str(refused.value) == "Error code: 422 - the form has no 'file' part"


@pytest.mark.parametrize(
    ("options", "param"),
    [
        ({"response_format": "xml"}, "response_format"),
        ({"temperature": 1.5}, "temperature"),
        ({"language": "english"}, "language"),
        ({"timestamp_granularities": ["sentence"]}, "timestamp_granularities[]"),
    ],
)
def test_a_bad_field_is_a_422_naming_it(client, service, options, param):
    kept = set(service.stored_audio())
    with pytest.raises(openai.UnprocessableEntityError) as refused:
        transcribe(client, **options)

    assert refused.value.param == param and refused.value.code == "invalid_request"
    assert refused.value.type == "invalid_request_error"
    assert param in refused.value.message
    assert set(service.stored_audio()) <= kept  # nothing new (an ended job takes its own)


def test_a_text_file_is_a_415_unsupported_audio(client, service, tmp_path):
    kept = set(service.stored_audio())
    notes = tmp_path / "notes.mp3"
    notes.write_text("The quick brown fox jumps over the lazy dog.\n" * 20)
    with pytest.raises(openai.APIStatusError) as refused:
        transcribe(client, notes)

    assert refused.value.status_code == 415
    body = refused.value.response.json()["error"]
    assert body["code"] == "unsupported_audio" and body["param"] == "file"
    assert body["type"] == "invalid_request_error" and "audio" in body["message"]
    assert body["message"] in str(refused.value)
    assert set(service.stored_audio()) <= kept  # nothing new (an ended job takes its own)


def test_routes_outside_openai_s_keep_the_service_s_error_shape(service):
    response = httpx.get(f"{service.http}/v1/jobs/no-such-job")

    assert response.status_code == 404
    assert response.json() == {"status_code": 404, "error": "job_not_found", "detail": "no job no-such-job"}


def test_a_job_on_the_multilingual_model_reports_the_detected_language_and_its_probability(service):
    with (FIXTURES / "speech_es.wav").open("rb") as audio:
        response = httpx.post(
            f"{service.http}/v1/jobs", files={"file": ("es.wav", audio)}, data={"model": "base"}, timeout=60
        )
    assert response.status_code == 202, response.text
    assert response.json()["model"] == "base"
    job = service.wait_for_job(response.json()["id"], timeout=240)
    assert job["status"] == "COMPLETED", job
    assert job["transcript"]["language"] == "es"
    assert job["transcript"]["language_probability"] > 0.5


def test_a_job_asking_an_english_only_model_for_french_is_refused_before_it_exists(service):
    kept = set(service.stored_audio())  # a job that ends meanwhile takes its own
    with SPEECH.open("rb") as audio:
        response = httpx.post(
            f"{service.http}/v1/jobs", files={"file": ("a.wav", audio)}, data={"language": "fr"}, timeout=60
        )
    assert response.status_code == 400, response.text
    assert response.json()["error"] == "unsupported_language"
    assert set(service.stored_audio()) <= kept  # nothing new (an ended job takes its own)


KEY_A, KEY_B = "openai-test-key-a-0123456789", "openai-test-key-b-0123456789"


@pytest.fixture(scope="module")
def keyed_service(tmp_path_factory) -> RunningService:
    running = start_service(
        tmp_path_factory.mktemp("openai-keys") / "data",
        env={"VOXRELAY_API_KEYS": f"{KEY_A},{KEY_B}", "VOXRELAY_RATE_LIMIT_PER_MINUTE": "2"},
    )
    yield running
    running.stop()


def keyed_client(service: RunningService, key: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{service.http}/v1", api_key=key, timeout=60, max_retries=0)


def test_a_wrong_key_is_a_401_the_client_raises_as_an_authentication_error(keyed_service):
    wrong = keyed_client(keyed_service, "not-a-key")
    with pytest.raises(openai.AuthenticationError) as refused:
        transcribe(wrong)
    with pytest.raises(openai.AuthenticationError) as refused_listing:
        wrong.models.list()

    for error in (refused.value, refused_listing.value):
        assert error.type == "authentication_error" and error.code == "unauthorized"
        assert error.param is None and "a valid API key is required" in error.message
    assert next(m.id for m in keyed_client(keyed_service, KEY_A).models.list()) == "whisper-1"


def test_past_the_rate_limit_is_a_429_rate_limit_error_with_retry_after(keyed_service):
    client = keyed_client(keyed_service, KEY_B)
    for _ in range(2):  # each counts against the limit, though the model is refused
        with pytest.raises(openai.BadRequestError):
            transcribe(client, model="no-such-model")
    with pytest.raises(openai.RateLimitError) as refused:
        transcribe(client, model="no-such-model")

    assert refused.value.type == "rate_limit_error" and refused.value.code == "rate_limited"
    assert "too many submissions" in refused.value.message
    assert 1 <= int(refused.value.response.headers["Retry-After"]) <= 60
    # refused before the file was read: the connection is closed rather than the body drained
    assert refused.value.response.headers["Connection"] == "close"
