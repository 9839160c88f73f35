"""S3AudioStorage keeps the AudioStorage contract on a (moto) bucket, streams large uploads in
parts, and turns an unreachable S3 into DependencyUnavailable."""

from __future__ import annotations

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import EndpointConnectionError
from botocore.stub import Stubber

from adapters.aws import S3AudioStorage
from application.errors import DependencyUnavailable
from domain.values import AudioReference
from tests.contracts.audio_storage import AudioStorageContract
from tests.unit.aws.conftest import INPUT_BUCKET, REGION

MiB = 1024 * 1024


def _objects(s3) -> list[str]:
    return [o["Key"] for o in s3.list_objects_v2(Bucket=INPUT_BUCKET).get("Contents", [])]


def _pending_uploads(s3) -> list[dict]:
    return s3.list_multipart_uploads(Bucket=INPUT_BUCKET).get("Uploads", [])


class TestS3AudioStorage(AudioStorageContract):
    @pytest.fixture
    def storage(self, s3):
        return S3AudioStorage(s3, INPUT_BUCKET)

    @pytest.fixture
    def stored_count(self, s3):
        return lambda: len(_objects(s3))


class _CountingClient:
    """The real client, with a record of which operations the writer called."""

    def __init__(self, client) -> None:
        self._client = client
        self.calls: list[str] = []

    def __getattr__(self, name):
        self.calls.append(name)
        return getattr(self._client, name)


def test_an_upload_larger_than_a_part_is_sent_as_a_multipart_upload(s3):
    client = _CountingClient(s3)
    storage = S3AudioStorage(client, INPUT_BUCKET, part_size=5 * MiB)
    data = bytes(range(256)) * (11 * MiB // 256) + b"tail"
    writer = storage.create()
    for start in range(0, len(data), MiB):
        writer.write(data[start : start + MiB])

    ref = writer.commit()

    assert client.calls.count("upload_part") == 3
    assert "put_object" not in client.calls
    assert ref.size_bytes == len(data)
    assert s3.get_object(Bucket=INPUT_BUCKET, Key=ref.key)["Body"].read() == data
    assert _pending_uploads(s3) == []


def test_an_upload_smaller_than_a_part_is_a_single_put(s3):
    client = _CountingClient(s3)
    writer = S3AudioStorage(client, INPUT_BUCKET).create()
    writer.write(b"small")

    writer.commit()

    assert "put_object" in client.calls
    assert "create_multipart_upload" not in client.calls


def test_aborting_a_multipart_upload_leaves_no_object_and_no_pending_upload(s3):
    writer = S3AudioStorage(s3, INPUT_BUCKET, part_size=5 * MiB).create()
    writer.write(b"x" * (6 * MiB))
    assert len(_pending_uploads(s3)) == 1

    writer.abort()
    writer.abort()

    assert _pending_uploads(s3) == []
    assert _objects(s3) == []


def test_keys_carry_the_prefix_and_a_random_name(s3):
    writer = S3AudioStorage(s3, INPUT_BUCKET, prefix="uploads/").create()
    writer.write(b"audio")

    ref = writer.commit()

    assert ref.key.startswith("uploads/") and len(ref.key) == len("uploads/") + 32


def test_a_part_size_below_the_s3_minimum_is_refused(s3):
    with pytest.raises(ValueError):
        S3AudioStorage(s3, INPUT_BUCKET, part_size=1024)


def test_an_unreachable_s3_is_a_dependency_outage(aws):
    # one attempt a call: botocore's retries would only sleep before meeting the same refusal
    client = boto3.client("s3", region_name=REGION, config=Config(retries={"total_max_attempts": 1}))

    def refuse(**kwargs):
        raise EndpointConnectionError(endpoint_url="https://s3.example.invalid")

    client.meta.events.register("before-send.s3", refuse)
    storage = S3AudioStorage(client, INPUT_BUCKET)
    writer = storage.create()
    writer.write(b"audio")

    with pytest.raises(DependencyUnavailable):
        writer.commit()
    with pytest.raises(DependencyUnavailable):
        storage.open(AudioReference("audio/" + "0" * 32, 5))
    with pytest.raises(DependencyUnavailable):
        storage.delete(AudioReference("audio/" + "0" * 32, 5))


def test_a_5xx_answer_from_s3_is_a_dependency_outage(aws):
    client = boto3.client("s3", region_name=REGION)
    storage = S3AudioStorage(client, INPUT_BUCKET)
    with Stubber(client) as stub:
        stub.add_client_error("head_object", "ServiceUnavailable", http_status_code=503)
        with pytest.raises(DependencyUnavailable):
            storage.exists(AudioReference("audio/" + "0" * 32, 5))


def test_a_refusal_such_as_access_denied_is_not_mistaken_for_an_outage(aws):
    client = boto3.client("s3", region_name=REGION)
    storage = S3AudioStorage(client, INPUT_BUCKET)
    with Stubber(client) as stub:
        stub.add_client_error("head_object", "AccessDenied", http_status_code=403)
        with pytest.raises(Exception) as raised:
            storage.exists(AudioReference("audio/" + "0" * 32, 5))
    assert not isinstance(raised.value, DependencyUnavailable)
