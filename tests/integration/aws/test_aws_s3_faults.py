"""S3 failing under the service: errors and timeouts injected into boto3's calls (moto's
server stands in for S3 over real HTTP). Each failure ends in a clear 503 at submission,
safe calls are retried with backoff, and no object, multipart upload or job is left behind."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import boto3
import httpx
import pytest
from botocore.awsrequest import AWSResponse
from botocore.exceptions import ReadTimeoutError
from moto.server import ThreadedMotoServer

from entrypoints.container import build_container
from entrypoints.http.app import create_app
from entrypoints.settings import Settings
from tests.integration.service import serving_in_thread

pytestmark = pytest.mark.slow
BUCKET = "voxrelay-faults"
SPEECH = Path(__file__).parents[1] / "fixtures" / "speech.wav"


class _Body:
    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: object):
        yield self._data


class S3Faults:
    """A before-send hook: fails the named S3 operations `times` times (or always)."""

    def __init__(self) -> None:
        self.failing: dict[str, tuple[str, int]] = {}
        self.attempts: Counter[str] = Counter()

    def fail(self, operation: str, how: str, times: int = 10**6) -> None:
        self.failing[operation] = (how, times)

    def __call__(self, request, event_name: str, **_: object):
        operation_name = event_name.rsplit(".", 1)[-1]  # before-send.s3.PutObject
        self.attempts[operation_name] += 1
        how, times = self.failing.get(operation_name, ("", 0))
        if times <= 0:
            return None
        self.failing[operation_name] = (how, times - 1)
        if how == "timeout":
            raise ReadTimeoutError(endpoint_url=request.url)
        body = b"<Error><Code>InternalError</Code><Message>injected</Message></Error>"
        return AWSResponse(request.url, 500, {}, _Body(body))


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    with pytest.MonkeyPatch.context() as env:
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        host, port = server.get_host_and_port()
        env.setenv("AWS_ENDPOINT_URL", f"http://{host}:{port}")
        env.setenv("AWS_ACCESS_KEY_ID", "testing")
        env.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        env.setenv("AWS_DEFAULT_REGION", "us-east-1")
        env.delenv("AWS_PROFILE", raising=False)
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        yield client
        server.stop()


@pytest.fixture(scope="module")
def service(s3, tmp_path_factory):
    settings = Settings(
        storage="s3", s3_input_bucket=BUCKET, data_dir=tmp_path_factory.mktemp("faults"),
        aws_timeout_seconds=2, aws_max_attempts=3,
    )  # fmt: skip
    container = build_container(settings.validate())
    faults = S3Faults()
    container.s3_client().meta.events.register("before-send.s3", faults)
    with serving_in_thread(create_app(container, warm_up=False)) as port:
        yield {"url": f"http://127.0.0.1:{port}", "faults": faults}


@pytest.fixture(autouse=True)
def healthy_s3(service):
    service["faults"].failing.clear()
    service["faults"].attempts.clear()


def upload(service, content: bytes) -> httpx.Response:
    return httpx.post(f"{service['url']}/v1/jobs", files={"file": ("a.wav", content)}, timeout=60)


def left_behind(s3) -> tuple[list, list]:
    objects = s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    uploads = s3.list_multipart_uploads(Bucket=BUCKET).get("Uploads", [])
    return objects, uploads


def assert_clean_503(service, s3, response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.json()["error"] == "service_unavailable" and response.headers["retry-after"]
    assert left_behind(s3) == ([], [])
    assert httpx.get(f"{service['url']}/v1/jobs").json()["jobs"] == []


def test_s3_answering_500_is_retried_then_a_503_with_nothing_stored(service, s3):
    service["faults"].fail("PutObject", "500")
    assert_clean_503(service, s3, upload(service, SPEECH.read_bytes()))
    assert service["faults"].attempts["PutObject"] == 3  # the configured attempts, with backoff


def test_s3_timing_out_is_a_503_with_nothing_stored(service, s3):
    service["faults"].fail("PutObject", "timeout")
    assert_clean_503(service, s3, upload(service, SPEECH.read_bytes()))


def test_a_large_upload_whose_part_fails_is_aborted_not_left_half_written(service, s3):
    service["faults"].fail("UploadPart", "500")
    big = SPEECH.read_bytes() + b"\0" * (9 * 1024 * 1024)  # past one 8 MiB part: multipart
    assert_clean_503(service, s3, upload(service, big))
    assert service["faults"].attempts["AbortMultipartUpload"] == 1


def test_a_passing_fault_is_absorbed_by_a_retry(service, s3):
    service["faults"].fail("PutObject", "500", times=1)
    response = upload(service, SPEECH.read_bytes())
    assert response.status_code == 202, response.text
    assert service["faults"].attempts["PutObject"] == 2
    objects, uploads = left_behind(s3)
    assert len(objects) == 1 and uploads == []
    s3.delete_object(Bucket=BUCKET, Key=objects[0]["Key"])
