"""TranscribeJobDispatcher against JobDispatcherContract (moto in process): a job reaches
Amazon Transcribe as a transcription job named after it; Transcribe answering 503 is a
refusal the caller hears."""

from __future__ import annotations

import pytest
from botocore.stub import Stubber

from adapters.aws import TranscribeJobDispatcher, job_id_from_transcribe_name
from tests.contracts.job_dispatcher import JobDispatcherContract
from tests.unit.aws.conftest import INPUT_BUCKET, OUTPUT_BUCKET


class TestTranscribeJobDispatcher(JobDispatcherContract):
    @pytest.fixture
    def dispatcher(self, transcribe) -> TranscribeJobDispatcher:
        return TranscribeJobDispatcher(transcribe, INPUT_BUCKET, OUTPUT_BUCKET, output_prefix="transcripts/")

    @pytest.fixture
    def received(self, transcribe):
        def started() -> list[str]:
            summaries = transcribe.list_transcription_jobs(MaxResults=100)["TranscriptionJobSummaries"]
            ids = (job_id_from_transcribe_name(s["TranscriptionJobName"]) for s in summaries)
            return [job_id.value for job_id in ids if job_id is not None]

        return started

    @pytest.fixture
    def cut_off(self, transcribe):
        stubber = Stubber(transcribe)

        def answer_503() -> None:
            stubber.add_client_error(
                "start_transcription_job", service_error_code="ServiceUnavailableException", http_status_code=503
            )
            stubber.activate()

        yield answer_503
        stubber.deactivate()
