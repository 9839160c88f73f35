"""The seed chain of AWS mode over real HTTP, offline: moto's server on loopback stands in for
S3, Amazon Transcribe and SNS; the service runs under uvicorn with AWS_ENDPOINT_URL pointing at
it; a real WebSocket client uploads speech and receives the transcript SNS's signed delivery
brought to /notify.

Two stand-ins, and why: moto's Transcribe never writes a transcript, so the test writes one in
Amazon's format at the output key the job was started with; and moto's server signs its SNS
deliveries but does not serve the certificate, so the service's certificate source (a container
provider) reads it from moto's backend in this process. Verification itself stays on.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import boto3
import httpx
import pytest
from dependency_injector import providers
from moto.core import DEFAULT_ACCOUNT_ID
from moto.server import ThreadedMotoServer
from moto.sns.models import sns_backends
from websockets.sync.client import connect

from adapters.aws import CertificateUnavailable
from adapters.transcript_formats import to_aws_document
from domain.transcript import Segment, Transcript, Word
from entrypoints.container import build_container
from entrypoints.http.app import create_app
from entrypoints.settings import Settings
from tests.integration.service import serving_in_thread
from tests.redis_server import redis_server_fixture
from tests.support.sockets import next_message

pytestmark = pytest.mark.slow
REGION = "us-east-1"
INPUT, OUTPUT = "voxrelay-input", "voxrelay-output"
SPEECH = Path(__file__).parents[1] / "fixtures" / "speech.wav"


class MotoBackendCertificates:
    """The CertificateSource port, answered from moto's in-process SNS backend by file name."""

    def __init__(self) -> None:
        self.fetched: list[str] = []

    def fetch(self, url: str) -> bytes:
        self.fetched.append(url)
        keys = sns_backends[DEFAULT_ACCOUNT_ID][REGION]._message_public_keys
        try:
            return keys[url.rsplit("/", 1)[-1]]
        except KeyError:
            raise CertificateUnavailable(f"moto has no certificate {url}") from None


@pytest.fixture(scope="module")
def aws_env():
    with pytest.MonkeyPatch.context() as env:
        for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "HTTP_PROXY", "http_proxy"):
            env.delenv(name, raising=False)
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        host, port = server.get_host_and_port()
        # moto's backends are global to the process: start from none of another test's topics,
        # whose subscriptions would point at endpoints that are gone.
        httpx.post(f"http://{host}:{port}/moto-api/reset").raise_for_status()
        env.setenv("AWS_ENDPOINT_URL", f"http://{host}:{port}")
        env.setenv("AWS_ACCESS_KEY_ID", "testing")
        env.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        env.setenv("AWS_DEFAULT_REGION", REGION)
        env.setenv("NO_PROXY", "127.0.0.1,localhost")
        yield {name: boto3.client(name, region_name=REGION) for name in ("s3", "sns", "transcribe")}
        server.stop()


redis_server = redis_server_fixture()


@pytest.fixture(scope="module", params=["memory", "redis"])
def service(request, aws_env):
    """The same chain with state in memory, and with state in Redis (the seed's deployment:
    SNS may reach any replica, so deduplication and the silent-job watch are shared)."""
    s3, sns = aws_env["s3"], aws_env["sns"]
    for bucket in (INPUT, OUTPUT):
        s3.create_bucket(Bucket=bucket)
    topic = sns.create_topic(Name=f"voxrelay-output-{request.param}")["TopicArn"]
    state = {"state": request.param}
    if request.param == "redis":
        server = request.getfixturevalue("redis_server")
        server.client().flushall()
        state["redis_url"] = server.url
    settings = Settings(
        storage="s3", transcriber="aws", s3_input_bucket=INPUT, s3_output_bucket=OUTPUT,
        s3_output_prefix="transcripts/", sns_topic_arns=topic, session_ttl_seconds=120, **state,
    )  # fmt: skip
    container = build_container(settings.validate())
    certificates = MotoBackendCertificates()
    container.certificate_source.override(providers.Object(certificates))
    with serving_in_thread(create_app(container)) as port:
        # The seed's wiring: the output bucket tells the topic, the topic POSTs to /notify.
        sns.subscribe(TopicArn=topic, Protocol="http", Endpoint=f"http://127.0.0.1:{port}/notify")
        s3.put_bucket_notification_configuration(
            Bucket=OUTPUT,
            NotificationConfiguration={"TopicConfigurations": [{"TopicArn": topic, "Events": ["s3:ObjectCreated:*"]}]},
        )  # S3 sends its s3:TestEvent now; /notify verifies and ignores it
        yield {"port": port, "topic": topic, "certificates": certificates, "container": container}


def _receive(ws, timeout: float = 20) -> dict:
    return next_message(ws, timeout)


def _upload(port: int, session_id: str) -> dict:
    with SPEECH.open("rb") as audio:
        response = httpx.post(
            f"http://127.0.0.1:{port}/upload-audio",
            files={"file": ("speech.wav", audio, "audio/wav")},
            data={"session_id": session_id, "output_file_name": "fox-notes"},
            timeout=30,
        )
    assert response.status_code == 202, response.text
    return response.json()


def _output_key(transcribe, job_id: str) -> str:
    """Where Transcribe was asked to write, as GetTranscriptionJob reports it once completed."""
    for _ in range(5):  # moto moves a job one state further on each read
        found = transcribe.get_transcription_job(TranscriptionJobName=f"voxrelay-{job_id}")
        uri = found["TranscriptionJob"].get("Transcript", {}).get("TranscriptFileUri")
        if uri:
            return urlsplit(uri).path.split("/", 2)[2]
    raise AssertionError("moto never completed the Transcribe job")


def _amazon_document(job_id: str) -> bytes:
    said = ["The", "quick", "brown", "fox", "jumps."]
    words = tuple(Word(i * 0.4, i * 0.4 + 0.3, w, 0.98) for i, w in enumerate(said))
    spoken = Transcript.from_segments((Segment(0.0, 2.0, " ".join(said), words),), language="en", duration=2.0)
    return json.dumps(to_aws_document(spoken, f"voxrelay-{job_id}")).encode()


def test_uploaded_speech_goes_through_s3_transcribe_and_sns_and_is_pushed_to_its_socket(service, aws_env):
    port, s3, transcribe = service["port"], aws_env["s3"], aws_env["transcribe"]
    with connect(f"ws://127.0.0.1:{port}/notification") as ws:
        session_id = _receive(ws)["session_id"]
        before = {o["Key"] for o in s3.list_objects_v2(Bucket=INPUT).get("Contents", [])}
        job = _upload(port, session_id)
        assert job["status"] == "QUEUED" and job["media_format"] == "wav"
        stored = [o for o in s3.list_objects_v2(Bucket=INPUT)["Contents"] if o["Key"] not in before]
        assert [o["Size"] for o in stored] == [SPEECH.stat().st_size]  # the audio went to S3

        key = _output_key(transcribe, job["id"])
        assert key == f"transcripts/{job['id']}/fox-notes.json"
        s3.put_object(Bucket=OUTPUT, Key=key, Body=_amazon_document(job["id"]))
        pushed = _receive(ws)

    assert pushed["type"] == "job.completed" and pushed["job_id"] == job["id"]
    assert pushed["transcript"]["text"] == "The quick brown fox jumps."
    assert pushed["transcript"]["segments"][0]["words"][1] == {
        "start": 0.4, "end": 0.7, "text": "quick", "confidence": 0.98
    }  # fmt: skip
    assert all(urlsplit(u).hostname == "sns.us-east-1.amazonaws.com" for u in service["certificates"].fetched)
    assert len(service["certificates"].fetched) >= 2  # the test event and the object: each verified
    done = httpx.get(f"http://127.0.0.1:{port}/v1/jobs/{job['id']}").json()
    assert done["status"] == "COMPLETED"


def test_a_transcribe_job_that_fails_reaches_its_session_as_job_failed(service, aws_env):
    port, sns = service["port"], aws_env["sns"]
    with connect(f"ws://127.0.0.1:{port}/notification") as ws:
        session_id = _receive(ws)["session_id"]
        job = _upload(port, session_id)
        # What an EventBridge rule on "Transcribe Job State Change" delivers through the topic.
        event = {
            "version": "0", "id": "5bd3e4b8-0000-4000-8000-000000000000",
            "detail-type": "Transcribe Job State Change", "source": "aws.transcribe",
            "account": DEFAULT_ACCOUNT_ID, "time": "2026-01-01T12:00:00Z", "region": REGION,
            "resources": [],
            "detail": {
                "TranscriptionJobName": f"voxrelay-{job['id']}",
                "TranscriptionJobStatus": "FAILED",
                "FailureReason": "The media file could not be decoded.",
            },
        }  # fmt: skip
        sns.publish(TopicArn=service["topic"], Message=json.dumps(event))
        pushed = _receive(ws)

    assert pushed["type"] == "job.failed" and pushed["job_id"] == job["id"]
    assert pushed["error"] == "The media file could not be decoded."
    assert httpx.get(f"http://127.0.0.1:{port}/v1/jobs/{job['id']}").json()["status"] == "FAILED"


def test_a_message_for_a_topic_not_configured_is_refused_over_http_without_fetching(service):
    certificates = service["certificates"]
    before = list(certificates.fetched)
    forged = {
        "Type": "Notification", "MessageId": "forged-1",
        "TopicArn": "arn:aws:sns:us-east-1:123456789012:someone-else",
        "Message": "{}", "Timestamp": "2026-01-01T12:00:00.000Z", "SignatureVersion": "2",
        "Signature": "AAAA", "SigningCertURL": "https://sns.us-east-1.amazonaws.com/forged.pem",
    }  # fmt: skip
    response = httpx.post(f"http://127.0.0.1:{service['port']}/notify", content=json.dumps(forged))
    assert response.status_code == 403
    assert certificates.fetched == before
