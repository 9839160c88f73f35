"""moto in process: every boto3 call here is answered in memory; none leaves the process."""

from __future__ import annotations

import boto3
import pytest
from moto import mock_aws

REGION = "us-east-1"
INPUT_BUCKET = "voxrelay-input"
OUTPUT_BUCKET = "voxrelay-output"


@pytest.fixture
def aws(monkeypatch):
    for name in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_PROFILE", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    with mock_aws():
        yield


@pytest.fixture
def s3(aws):
    client = boto3.client("s3", region_name=REGION)
    client.create_bucket(Bucket=INPUT_BUCKET)
    client.create_bucket(Bucket=OUTPUT_BUCKET)
    return client


@pytest.fixture
def transcribe(aws):
    return boto3.client("transcribe", region_name=REGION)
