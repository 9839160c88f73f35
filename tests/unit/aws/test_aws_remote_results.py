"""The AWS side of remote results: SNS messages translated into results for our jobs, and
Amazon Transcribe plus its output bucket answering as a RemoteEngine (moto in process)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from adapters.aws import (
    AwsTranscribeRemoteEngine,
    S3TranscriptReader,
    SnsMessage,
    SnsResultTranslator,
    TranscribeJobDispatcher,
)
from adapters.transcript_formats import to_aws_document
from application.errors import TranscriptUnreadable
from application.ports import RemoteJobStatus
from application.use_cases import RemoteJobFailed, RemoteTranscriptWritten
from domain.job import TranscriptionJob
from domain.transcript import Segment, Transcript, Word
from domain.values import AudioReference, LanguageCode, MediaFormat, OutputFileName
from tests.contracts.remote_engine import RemoteEngineContract
from tests.unit.aws.conftest import INPUT_BUCKET, OUTPUT_BUCKET

JOB = "0123456789abcdef0123456789abcdef"


def _message(body: dict) -> SnsMessage:
    return SnsMessage("Notification", "m-1", "arn:topic", json.dumps(body), "2026-01-01T00:00:00Z")


def _s3_event(*objects: tuple[str, str]) -> dict:
    return {
        "Records": [
            {"eventName": "ObjectCreated:Put", "s3": {"bucket": {"name": b}, "object": {"key": k}}} for b, k in objects
        ]
    }


def _state_change(name: str, status: str, reason: str | None = None) -> dict:
    detail = {"TranscriptionJobName": name, "TranscriptionJobStatus": status}
    if reason:
        detail["FailureReason"] = reason
    return {"source": "aws.transcribe", "detail-type": "Transcribe Job State Change", "detail": detail}


def test_an_output_object_of_one_of_our_jobs_means_its_transcript_was_written():
    translator = SnsResultTranslator(OUTPUT_BUCKET, "transcripts/")
    message = _message(
        _s3_event(
            (OUTPUT_BUCKET, f"transcripts/{JOB}/my+notes.json"),
            (OUTPUT_BUCKET, f"transcripts/{JOB}/my+notes.json"),  # twice in one event: once
            ("someone-elses-bucket", f"transcripts/{'1' * 32}/x.json"),
            (OUTPUT_BUCKET, "transcripts/.write_access_check_file.temp"),
            (OUTPUT_BUCKET, f"elsewhere/{'2' * 32}/x.json"),
        )
    )
    assert translator.results(message) == [RemoteTranscriptWritten(JOB)]


def test_a_failed_transcribe_job_of_ours_means_our_job_failed_with_its_reason():
    translator = SnsResultTranslator(OUTPUT_BUCKET)
    failed = _message(_state_change(f"voxrelay-{JOB}", "FAILED", "Unsupported media"))
    assert translator.results(failed) == [RemoteJobFailed(JOB, "Unsupported media")]
    assert translator.results(_message(_state_change("someone-else", "FAILED"))) == []
    assert translator.results(_message(_state_change(f"voxrelay-{JOB}", "IN_PROGRESS"))) == []


def _job(language: str | None = None) -> TranscriptionJob:
    return TranscriptionJob.submit(
        audio=AudioReference("audio/" + "a" * 32, 1000),
        media_format=MediaFormat.WAV,
        now=datetime(2026, 1, 1, tzinfo=UTC),
        language=LanguageCode.parse_optional(language),
        output_file_name=OutputFileName("notes"),
    )


@pytest.fixture
def engine(s3, transcribe):
    transcriber = TranscribeJobDispatcher(transcribe, INPUT_BUCKET, OUTPUT_BUCKET, "transcripts/")
    return transcriber, AwsTranscribeRemoteEngine(transcriber, S3TranscriptReader(s3, OUTPUT_BUCKET), "transcripts/")


def test_the_transcript_is_read_from_the_output_key_the_job_was_started_with(engine, s3):
    transcriber, remote = engine
    job = _job(language="fr")
    key = transcriber.start_request(job)["OutputKey"]
    words = (Word(0.0, 0.4, "bonjour", 0.9), Word(0.5, 0.9, "monde.", 0.8))
    spoken = Transcript.from_segments((Segment(0.0, 0.9, "bonjour monde.", words),), language=None, duration=0.9)
    document = to_aws_document(spoken, f"voxrelay-{job.id}")
    document["results"].pop("language_code", None)

    assert remote.transcript(job) is None  # not written yet
    s3.put_object(Bucket=OUTPUT_BUCKET, Key=key, Body=json.dumps(document).encode())
    transcript = remote.transcript(job)

    assert transcript.text == "bonjour monde." and transcript.language == "fr"
    assert [w.text for w in transcript.words] == ["bonjour", "monde"]


@pytest.mark.parametrize("body", [b"not json", b'{"results": {"items": "nope"}}'])
def test_an_output_that_is_not_a_transcript_is_unreadable(engine, s3, body):
    transcriber, remote = engine
    job = _job()
    s3.put_object(Bucket=OUTPUT_BUCKET, Key=transcriber.start_request(job)["OutputKey"], Body=body)
    with pytest.raises(TranscriptUnreadable):
        remote.transcript(job)


def test_the_state_of_a_transcribe_job_is_asked_by_its_name(engine):
    transcriber, remote = engine
    job = _job(language="en")
    assert remote.state(job) is None
    transcriber.dispatch(job)
    assert remote.state(job).status in set(RemoteJobStatus)


class TranscribeSide:
    """Amazon's side, on moto: StartTranscriptionJob, and the output object it would write."""

    def __init__(self, transcriber: TranscribeJobDispatcher, s3) -> None:
        self._transcriber, self._s3 = transcriber, s3

    def start(self, job) -> None:
        self._transcriber.dispatch(job)

    def write(self, job, transcript) -> None:
        self._put(job, json.dumps(to_aws_document(transcript, f"voxrelay-{job.id}")).encode())

    def spoil(self, job) -> None:
        self._put(job, b"not json")

    def _put(self, job, body: bytes) -> None:
        self._s3.put_object(Bucket=OUTPUT_BUCKET, Key=self._transcriber.start_request(job)["OutputKey"], Body=body)


class TestAwsTranscribeRemoteEngine(RemoteEngineContract):
    @pytest.fixture
    def transcriber(self, transcribe) -> TranscribeJobDispatcher:
        return TranscribeJobDispatcher(transcribe, INPUT_BUCKET, OUTPUT_BUCKET, "transcripts/")

    @pytest.fixture
    def engine(self, transcriber, s3) -> AwsTranscribeRemoteEngine:
        return AwsTranscribeRemoteEngine(transcriber, S3TranscriptReader(s3, OUTPUT_BUCKET), "transcripts/")

    @pytest.fixture
    def remote(self, transcriber, s3) -> TranscribeSide:
        return TranscribeSide(transcriber, s3)
