"""moto in process: every boto3 call here is answered in memory; none leaves the process."""

from __future__ import annotations

import boto3
import botocore.loaders
import botocore.session
import pytest
from moto import mock_aws

REGION = "us-east-1"
INPUT_BUCKET = "voxrelay-input"
OUTPUT_BUCKET = "voxrelay-output"


@pytest.fixture(scope="session", autouse=True)
def one_botocore_loader():
    """Every boto3 session here (each test's, each container's clients, moto's own) reads
    the service models through one loader: the models are read-only data, and parsing their
    JSON again for every new session was most of what an AWS test spent."""
    shared = botocore.loaders.create_loader()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            botocore.session,
            "create_loader",
            lambda search_path_string=None: (
                botocore.loaders.create_loader(search_path_string) if search_path_string else shared
            ),
        )
        yield


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
