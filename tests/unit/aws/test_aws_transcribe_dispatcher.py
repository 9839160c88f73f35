"""TranscribeJobDispatcher starts one Amazon Transcribe job per voxrelay job (moto in process)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import boto3
import pytest
from botocore.stub import Stubber

from adapters.aws import (
    S3TranscriptReader,
    TranscribeJobDispatcher,
    job_id_from_output_key,
    job_id_from_transcribe_name,
)
from application.errors import DependencyUnavailable, TranscriptionFailed
from domain.job import TranscriptionJob
from domain.values import AudioReference, JobId, LanguageCode, MediaFormat, OutputFileName
from tests.unit.aws.conftest import INPUT_BUCKET, OUTPUT_BUCKET, REGION


def _job(language: str | None = "en", key: str = "audio/" + "a" * 32, name: str | None = None):
    return TranscriptionJob.submit(
        audio=AudioReference(key, 1000),
        media_format=MediaFormat.OGG,
        now=datetime(2026, 1, 1, tzinfo=UTC),
        language=LanguageCode.parse_optional(language),
        output_file_name=OutputFileName(name) if name else None,
    )


@pytest.fixture
def transcriber(transcribe):
    return TranscribeJobDispatcher(transcribe, INPUT_BUCKET, OUTPUT_BUCKET, output_prefix="transcripts/")


def _started(transcribe, job):
    return transcribe.get_transcription_job(TranscriptionJobName=f"voxrelay-{job.id}")["TranscriptionJob"]


def test_dispatch_starts_a_job_named_after_the_job_id_on_the_stored_audio(transcriber, transcribe):
    job = _job(name="meeting-notes")

    transcriber.dispatch(job)

    started = _started(transcribe, job)
    assert started["Media"]["MediaFileUri"] == f"s3://{INPUT_BUCKET}/audio/{'a' * 32}"
    assert started["MediaFormat"] == "ogg"
    assert started["LanguageCode"] == "en-US"
    request = transcriber.start_request(job)
    assert request["OutputBucketName"] == OUTPUT_BUCKET
    assert request["OutputKey"] == f"transcripts/{job.id}/meeting-notes.json"


def test_a_job_without_language_asks_transcribe_to_identify_it(transcriber, transcribe):
    job = _job(language=None)

    transcriber.dispatch(job)

    assert "LanguageCode" not in transcriber.start_request(job)
    assert _started(transcribe, job)["IdentifyLanguage"] is True


def test_a_language_transcribe_is_not_set_up_for_fails_the_job_with_a_reason(transcriber):
    with pytest.raises(TranscriptionFailed, match="'xx'"):
        transcriber.dispatch(_job(language="xx"))


def test_dispatching_the_same_job_twice_starts_it_once(transcriber, transcribe):
    job = _job()

    transcriber.dispatch(job)
    transcriber.dispatch(job)

    names = [s["TranscriptionJobName"] for s in transcribe.list_transcription_jobs()["TranscriptionJobSummaries"]]
    assert names == [f"voxrelay-{job.id}"]


def test_a_taken_name_for_other_media_is_not_taken_for_a_started_job(transcriber):
    job = _job()
    transcriber.dispatch(job)
    impostor = _job(key="audio/" + "b" * 32)
    impostor.id = job.id

    with pytest.raises(TranscriptionFailed, match="other media"):
        transcriber.dispatch(impostor)


def test_status_reports_where_the_job_stands(transcriber):
    job = _job()
    transcriber.dispatch(job)

    statuses = [transcriber.status(job.id).status for _ in range(3)]

    assert statuses[0] in {"QUEUED", "IN_PROGRESS"}
    assert statuses[-1] == "COMPLETED"  # moto advances a job each time it is read


def test_status_of_a_job_transcribe_never_saw_is_none(transcriber):
    assert transcriber.status(JobId.new()) is None


def test_status_carries_the_failure_reason_of_a_failed_job(aws):
    client = boto3.client("transcribe", region_name=REGION)
    job_id = JobId.new()
    with Stubber(client) as stub:
        stub.add_response(
            "get_transcription_job",
            {
                "TranscriptionJob": {
                    "TranscriptionJobName": f"voxrelay-{job_id}",
                    "TranscriptionJobStatus": "FAILED",
                    "FailureReason": "Unsupported audio format",
                }
            },
        )
        status = TranscribeJobDispatcher(client, INPUT_BUCKET, OUTPUT_BUCKET).status(job_id)

    assert (status.status, status.failure_reason) == ("FAILED", "Unsupported audio format")


def test_throttling_is_a_dependency_outage(aws):
    client = boto3.client("transcribe", region_name=REGION)
    with Stubber(client) as stub:
        stub.add_client_error("start_transcription_job", "LimitExceededException", http_status_code=400)
        with pytest.raises(DependencyUnavailable):
            TranscribeJobDispatcher(client, INPUT_BUCKET, OUTPUT_BUCKET).dispatch(_job())


def test_names_and_output_keys_map_back_to_the_job():
    job = _job(name="notes.v2")
    key = TranscribeJobDispatcher(None, INPUT_BUCKET, OUTPUT_BUCKET, "out/").start_request(job)["OutputKey"]

    assert job_id_from_output_key(key, "out/") == job.id
    assert job_id_from_transcribe_name(f"voxrelay-{job.id}") == job.id
    assert job_id_from_output_key(f"out/{job.id}/.write_access_check_file.temp", "out/") is None
    assert job_id_from_output_key(f"elsewhere/{job.id}/notes.json", "out/") is None
    assert job_id_from_output_key("out/not-a-job/notes.json", "out/") is None
    assert job_id_from_transcribe_name("someone-elses-job") is None


def test_the_transcript_reader_returns_the_document_transcribe_wrote(s3):
    s3.put_object(Bucket=OUTPUT_BUCKET, Key="t/doc.json", Body=json.dumps({"jobName": "x"}).encode())
    s3.put_object(Bucket=OUTPUT_BUCKET, Key="t/bad.json", Body=b"not json")
    reader = S3TranscriptReader(s3, OUTPUT_BUCKET)

    assert reader.read("t/doc.json") == {"jobName": "x"}
    with pytest.raises(KeyError):
        reader.read("t/missing.json")
    with pytest.raises(ValueError):
        reader.read("t/bad.json")
