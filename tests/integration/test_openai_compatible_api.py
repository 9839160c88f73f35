"""The official `openai` client against the real service: every response format, models,
languages, and the 400s a client gets for a model or language the service cannot serve."""

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
    kept = service.stored_audio()
    with pytest.raises(openai.BadRequestError) as refused:
        transcribe(client, model="gpt-4o-transcribe")

    body = refused.value.response.json()
    assert body["error"] == "unknown_model"
    assert body["available_models"] == ["tiny.en", "base"]
    assert service.stored_audio() == kept


def test_french_on_an_english_only_model_is_a_400(client, service):
    kept = service.stored_audio()
    with pytest.raises(openai.BadRequestError) as refused:
        transcribe(client, model="tiny.en", language="fr")

    assert refused.value.response.json()["error"] == "unsupported_language"
    assert "English-only" in refused.value.response.json()["detail"]
    assert service.stored_audio() == kept


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
    kept = service.stored_audio()  # finished jobs keep theirs
    with SPEECH.open("rb") as audio:
        response = httpx.post(
            f"{service.http}/v1/jobs", files={"file": ("a.wav", audio)}, data={"language": "fr"}, timeout=60
        )
    assert response.status_code == 400, response.text
    assert response.json()["error"] == "unsupported_language"
    assert service.stored_audio() == kept


