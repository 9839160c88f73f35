"""AWS mode mounts no synchronous transcription route: Amazon Transcribe answers through SNS,
minutes later, and the engine selector has no AWS engine to wait on."""

from __future__ import annotations

from litestar.testing import TestClient

from entrypoints.container import build_container
from entrypoints.http.app import create_app
from entrypoints.settings import Settings
from tests.unit.aws.conftest import INPUT_BUCKET, OUTPUT_BUCKET
from tests.unit.aws.signing_kit import TOPIC
from tests.unit.silent_audio import silent_wav


def test_aws_mode_neither_serves_nor_documents_the_synchronous_route(s3):
    settings = Settings(
        storage="s3", transcriber="aws", s3_input_bucket=INPUT_BUCKET,
        s3_output_bucket=OUTPUT_BUCKET, sns_topic_arns=TOPIC,
    )  # fmt: skip
    with TestClient(create_app(build_container(settings.validate())), base_url="http://127.0.0.1") as client:
        answer = client.post(
            "/v1/audio/transcriptions", files={"file": ("a.wav", silent_wav())}, data={"model": "whisper-1"}
        )
        schema = client.get("/schema/openapi.json").json()
        jobs = client.post("/v1/jobs", files={"file": ("a.wav", silent_wav())})
    assert answer.status_code in (404, 405) and answer.status_code != 500
    assert "/v1/audio/transcriptions" not in schema["paths"]
    assert "/v1/jobs" in schema["paths"] and jobs.status_code == 202  # the job routes are all there
