"""The AWS adapters against moto's server over real HTTP: S3 storage through boto3 with an
endpoint URL, and SNS deliveries moto signs and POSTs to a local endpoint, verified as /notify
will verify them.

moto's server signs deliveries but does not serve its signing certificate over HTTP, so the
test reads the certificate from moto's backend and hands it over through StaticCertificateSource:
the certificate source is swapped, verification is never turned off.
"""

from __future__ import annotations

import http.server
import json
import threading
import time

import boto3
import httpx
import pytest
from moto.core import DEFAULT_ACCOUNT_ID
from moto.server import ThreadedMotoServer
from moto.sns.models import sns_backends

from adapters.aws import (
    S3AudioStorage,
    S3TranscriptReader,
    SnsMessageVerifier,
    SnsVerificationFailed,
    StaticCertificateSource,
    s3_objects_created,
)
from tests.contracts.audio_storage import AudioStorageContract

REGION = "us-east-1"


@pytest.fixture(scope="module")
def moto_url():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def endpoint(moto_url, monkeypatch):
    for name in (
        "AWS_ENDPOINT_URL",
        "AWS_PROFILE",
        "AWS_SESSION_TOKEN",
        "HTTP_PROXY",
        "http_proxy",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    httpx.post(f"{moto_url}/moto-api/reset").raise_for_status()
    return moto_url


def _client(service: str, endpoint: str):
    return boto3.client(service, region_name=REGION, endpoint_url=endpoint)


class TestS3AudioStorageOverHttp(AudioStorageContract):
    @pytest.fixture
    def s3(self, endpoint):
        client = _client("s3", endpoint)
        client.create_bucket(Bucket="voxrelay-input")
        return client

    @pytest.fixture
    def storage(self, s3):
        return S3AudioStorage(s3, "voxrelay-input")

    @pytest.fixture
    def stored_count(self, s3):
        return lambda: s3.list_objects_v2(Bucket="voxrelay-input").get("KeyCount", 0)


def test_a_multipart_upload_round_trips_over_http(endpoint):
    s3 = _client("s3", endpoint)
    s3.create_bucket(Bucket="voxrelay-input")
    storage = S3AudioStorage(s3, "voxrelay-input", part_size=5 * 1024 * 1024)
    data = b"0123456789abcdef" * (700 * 1024)  # 11.2 MiB: three parts
    writer = storage.create()
    for start in range(0, len(data), 256 * 1024):
        writer.write(data[start : start + 256 * 1024])

    ref = writer.commit()

    with storage.open(ref) as stream:
        assert stream.read() == data


class _Deliveries:
    """A tiny HTTP endpoint standing in for /notify: keeps every body SNS POSTs."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []
        deliveries = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                deliveries.bodies.append(self.rfile.read(int(self.headers["Content-Length"])))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/notify"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, count: int, timeout: float = 10.0) -> list[dict]:
        deadline = time.monotonic() + timeout
        while len(self.bodies) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(self.bodies) >= count, f"{len(self.bodies)} deliveries, expected {count}"
        return [json.loads(body) for body in self.bodies]


@pytest.fixture
def deliveries():
    endpoint = _Deliveries()
    yield endpoint
    endpoint.server.shutdown()
    endpoint.server.server_close()


def _motos_certificates(messages: list[dict]) -> StaticCertificateSource:
    """moto keeps each signing certificate in its backend, under the .pem file name of the URL."""
    keys = sns_backends[DEFAULT_ACCOUNT_ID][REGION]._message_public_keys
    return StaticCertificateSource(
        {m["SigningCertURL"]: keys[m["SigningCertURL"].rsplit("/", 1)[-1]] for m in messages}
    )


def _topic(endpoint: str, deliveries: _Deliveries) -> str:
    sns = _client("sns", endpoint)
    topic = sns.create_topic(Name="voxrelay-output")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="http", Endpoint=deliveries.url)  # moto confirms it itself
    return topic


def test_an_s3_event_moto_delivers_through_sns_passes_verification(endpoint, deliveries):
    topic = _topic(endpoint, deliveries)
    s3 = _client("s3", endpoint)
    s3.create_bucket(Bucket="voxrelay-output")
    s3.put_bucket_notification_configuration(
        Bucket="voxrelay-output",
        NotificationConfiguration={"TopicConfigurations": [{"TopicArn": topic, "Events": ["s3:ObjectCreated:*"]}]},
    )
    key = "transcripts/0123456789abcdef0123456789abcdef/my notes.json"
    s3.put_object(Bucket="voxrelay-output", Key=key, Body=b'{"results": {"items": []}}')

    messages = deliveries.wait_for(2)  # s3:TestEvent on configuration, then the object
    verifier = SnsMessageVerifier(_motos_certificates(messages), [topic])
    verified = [verifier.verify(m) for m in messages]

    created = [obj for message in verified for obj in s3_objects_created(message.message)]
    assert [(o.bucket, o.key) for o in created] == [("voxrelay-output", key)]
    assert S3TranscriptReader(s3, "voxrelay-output").read(created[0].key) == {"results": {"items": []}}


def test_a_notification_moto_signed_passes_and_a_tampered_one_is_refused(endpoint, deliveries):
    topic = _topic(endpoint, deliveries)
    _client("sns", endpoint).publish(TopicArn=topic, Message="hello")
    message = deliveries.wait_for(1)[0]
    verifier = SnsMessageVerifier(_motos_certificates([message]), [topic])

    assert (message["SignatureVersion"], "Subject" in message) == ("2", False)
    assert verifier.verify(message).message == "hello"
    with pytest.raises(SnsVerificationFailed):
        verifier.verify(dict(message, Message="hellp"))


def test_moto_leaves_subject_out_of_what_it_signs_so_its_messages_with_subject_are_refused(endpoint, deliveries):
    # Amazon signs Subject when there is one; moto 5 does not. The verifier keeps Amazon's
    # canonical string rather than learning moto's: a Subject nobody signed is not trusted.
    topic = _topic(endpoint, deliveries)
    _client("sns", endpoint).publish(TopicArn=topic, Message="hello", Subject="greeting")
    message = deliveries.wait_for(1)[0]
    verifier = SnsMessageVerifier(_motos_certificates([message]), [topic])

    assert message["Subject"] == "greeting"
    with pytest.raises(SnsVerificationFailed, match="signature"):
        verifier.verify(message)
    without_subject = {k: v for k, v in message.items() if k != "Subject"}
    assert verifier.verify(without_subject).subject is None  # what moto actually signed
