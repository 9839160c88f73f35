"""VOXRELAY_AWS_LANGUAGE_OPTIONS and VOXRELAY_AWS_MAX_SPEAKERS reach StartTranscriptionJob
through the container (moto in process keeps the request it was sent)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.job import TranscriptionJob
from domain.values import AudioReference, LanguageCode, MediaFormat
from entrypoints.container import build_container
from entrypoints.settings import Settings
from tests.unit.aws.conftest import INPUT_BUCKET, OUTPUT_BUCKET
from tests.unit.aws.signing_kit import TOPIC

AWS = {
    "VOXRELAY_STORAGE": "s3",
    "VOXRELAY_TRANSCRIBER": "aws",
    "VOXRELAY_S3_INPUT_BUCKET": INPUT_BUCKET,
    "VOXRELAY_S3_OUTPUT_BUCKET": OUTPUT_BUCKET,
    "VOXRELAY_SNS_TOPIC_ARNS": TOPIC,
}


def _started(transcribe, env: dict[str, str], language: str | None = None) -> dict:
    container = build_container(Settings.from_env({**AWS, **env}).validate())
    job = TranscriptionJob.submit(
        audio=AudioReference("audio/" + "a" * 32, 1000), media_format=MediaFormat.WAV,
        now=datetime.now(UTC), language=LanguageCode.parse_optional(language),
    )  # fmt: skip
    container.job_dispatcher().dispatch(job)
    container.shutdown_resources()
    return transcribe.get_transcription_job(TranscriptionJobName=f"voxrelay-{job.id}")["TranscriptionJob"]


def test_the_language_options_narrow_what_transcribe_identifies_among(transcribe):
    started = _started(transcribe, {"VOXRELAY_AWS_LANGUAGE_OPTIONS": " en-US, es-US "})

    assert started["IdentifyLanguage"] is True
    assert started["LanguageOptions"] == ["en-US", "es-US"]


def test_a_job_that_names_its_language_is_not_given_the_options(transcribe):
    started = _started(transcribe, {"VOXRELAY_AWS_LANGUAGE_OPTIONS": "en-US,es-US"}, language="en")

    assert started["LanguageCode"] == "en-US"
    assert "LanguageOptions" not in started and not started.get("IdentifyLanguage")


def test_max_speakers_turns_on_speaker_labels_with_that_maximum(transcribe):
    started = _started(transcribe, {"VOXRELAY_AWS_MAX_SPEAKERS": "4"})

    assert started["Settings"]["ShowSpeakerLabels"] is True
    assert started["Settings"]["MaxSpeakerLabels"] == 4


@pytest.mark.parametrize(
    "env",
    [{}, {"VOXRELAY_AWS_MAX_SPEAKERS": "0", "VOXRELAY_AWS_LANGUAGE_OPTIONS": ""}, {"VOXRELAY_AWS_MAX_SPEAKERS": ""}],
)
def test_by_default_transcribe_identifies_any_language_and_labels_no_speaker(transcribe, env):
    started = _started(transcribe, env)

    assert started["IdentifyLanguage"] is True and "LanguageOptions" not in started
    assert not started.get("Settings", {}).get("ShowSpeakerLabels")
    assert "MaxSpeakerLabels" not in started.get("Settings", {})
