"""POST /notify through the app in AWS mode (moto in process, messages signed by a test key):
a verified result completes the job once; anything that fails verification is refused with 403
and changes nothing, pushes nothing and fetches nothing."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from dependency_injector import providers
from litestar.testing import TestClient

from adapters.aws import SnsMessageVerifier, StaticCertificateSource, SubscribeUrlConfirmer
from adapters.memory import RecordingNotifier
from adapters.transcript_formats import to_aws_document
from domain.job import JobStatus, TranscriptionJob
from domain.transcript import Segment, Transcript, Word
from domain.values import AudioReference, LanguageCode, MediaFormat, SessionId
from entrypoints.container import build_container
from entrypoints.http.app import create_app
from entrypoints.settings import Settings
from tests.unit.aws.conftest import INPUT_BUCKET, OUTPUT_BUCKET
from tests.unit.aws.signing_kit import CERT_URL, TOPIC, TestSigner, notification, subscription_confirmation

SUBSCRIBE_URL = "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=x&Token=y"


class RecordingConfirmer:
    def __init__(self) -> None:
        self.confirmed: list[str] = []

    def confirm(self, message) -> None:
        self.confirmed.append(message.subscribe_url)


@pytest.fixture(scope="module")
def signer():
    """One key for the module: a signer holds no state, and RSA keys are slow to make."""
    return TestSigner()


@pytest.fixture
def service(s3, signer):
    settings = Settings(
        storage="s3", transcriber="aws", s3_input_bucket=INPUT_BUCKET,
        s3_output_bucket=OUTPUT_BUCKET, s3_output_prefix="transcripts/", sns_topic_arns=TOPIC,
    )  # fmt: skip
    container = build_container(settings.validate())
    certificates = StaticCertificateSource({CERT_URL: signer.pem})
    notifier, confirmer = RecordingNotifier(), RecordingConfirmer()
    container.certificate_source.override(providers.Object(certificates))
    container.notifier.override(providers.Object(notifier))
    container.speech.subscription_confirmer.override(providers.Object(confirmer))
    with TestClient(create_app(container), base_url="http://127.0.0.1") as client:
        yield client, container, certificates, notifier, confirmer


def _job_with_transcript(container, s3) -> TranscriptionJob:
    session = SessionId.new()
    container.session_store().open(session)
    job = TranscriptionJob.submit(
        audio=AudioReference("audio/" + "a" * 32, 10), media_format=MediaFormat.WAV,
        now=datetime.now(UTC), session_id=session, language=LanguageCode("en"),
    )  # fmt: skip
    container.job_repository().add(job)
    words = (Word(0.0, 0.5, "hello", 0.9), Word(0.6, 1.0, "there.", 0.9))
    transcript = Transcript.from_segments((Segment(0.0, 1.0, "hello there.", words),), language="en", duration=1.0)
    body = json.dumps(to_aws_document(transcript, f"voxrelay-{job.id}")).encode()
    s3.put_object(Bucket=OUTPUT_BUCKET, Key=f"transcripts/{job.id}/{job.id}.json", Body=body)
    return job


def _s3_event(job: TranscriptionJob) -> str:
    key = f"transcripts/{job.id}/{job.id}.json"
    record = {"eventName": "ObjectCreated:Put", "s3": {"bucket": {"name": OUTPUT_BUCKET}, "object": {"key": key}}}
    return json.dumps({"Records": [record]})


def _post(client, message: dict):
    return client.post("/notify", content=json.dumps(message), headers={"content-type": "text/plain"})


def test_a_verified_s3_event_completes_the_job_and_its_redelivery_pushes_nothing_more(service, s3, signer):
    client, container, _, notifier, _ = service
    job = _job_with_transcript(container, s3)
    message = signer.sign(notification(_s3_event(job)))

    first, again = _post(client, message), _post(client, message)

    assert (first.status_code, first.json()) == (200, {"status": "handled"})
    assert (again.status_code, again.json()) == (200, {"status": "duplicate"})
    assert container.job_repository().get(job.id).status is JobStatus.COMPLETED
    [(_, pushed)] = notifier.pushed
    assert pushed.transcript.text == "hello there."


@pytest.mark.parametrize(
    "spoil, fetches_certificate",
    [
        (lambda m: dict(m, Message=m["Message"].replace("Put", "Pvt")), True),
        (lambda m: dict(m, TopicArn=TOPIC + "-other"), False),
        (lambda m: dict(m, SigningCertURL=CERT_URL.replace("https", "http")), False),
        (lambda m: dict(m, SigningCertURL="https://attacker.s3.amazonaws.com/sns.pem"), False),
        (lambda m: dict(m, SignatureVersion="3"), False),
        (lambda m: {k: v for k, v in m.items() if k != "Signature"}, False),
    ],
    ids=["changed-byte", "wrong-topic", "http-cert", "non-sns-cert-host", "unknown-version", "unsigned"],
)
def test_a_message_that_fails_verification_is_refused_and_changes_nothing(
    service, s3, signer, spoil, fetches_certificate
):
    client, container, certificates, notifier, _ = service
    job = _job_with_transcript(container, s3)

    response = _post(client, spoil(signer.sign(notification(_s3_event(job)))))

    assert response.status_code == 403 and response.json()["error"] == "forbidden"
    assert container.job_repository().get(job.id).status is JobStatus.QUEUED
    assert notifier.pushed == []
    assert certificates.fetched == ([CERT_URL] if fetches_certificate else [])


def test_a_body_that_is_not_an_sns_message_is_refused(service):
    client, *_ = service
    assert client.post("/notify", content=b"\xff not json").status_code == 400
    assert client.post("/notify", content=b'["a list"]').status_code == 400


@pytest.mark.parametrize(
    "body",
    [b"[" * 100_000 + b"]" * 100_000, b'{"Type": "Notification", "n": ' + b"7" * 5000 + b"}"],
    ids=["nested-100000-deep", "5000-digit-integer"],
)
def test_a_hostile_body_is_a_400_not_a_500(service, body):
    client, _, certificates, *_ = service

    response = client.post("/notify", content=body, headers={"content-type": "text/plain"})

    assert (response.status_code, response.json()["error"]) == (400, "invalid_sns_body")
    assert certificates.fetched == []


def test_a_huge_topic_arn_is_not_echoed_whole_in_the_answer_or_the_log(service, signer, caplog):
    client, _, certificates, *_ = service
    huge = "arn:aws:sns:us-east-1:1:" + "x" * 400_000

    response = _post(client, signer.sign(notification(TopicArn=huge)))

    assert response.status_code == 403 and len(response.text) < 1000
    assert all(len(record.getMessage()) < 1000 for record in caplog.records)
    assert "not configured" in response.json()["detail"] and certificates.fetched == []


def test_a_signing_certificate_that_cannot_be_fetched_answers_503_so_sns_retries(service, s3, signer):
    client, container, certificates, notifier, _ = service
    clock = [0.0]
    container.speech.sns_verifier.override(
        providers.Singleton(
            SnsMessageVerifier, certificates, [TOPIC], failure_ttl_seconds=30, monotonic=lambda: clock[0]
        )
    )
    job = _job_with_transcript(container, s3)
    message = signer.sign(notification(_s3_event(job)), cert_url=CERT_URL.replace(".pem", "ab.pem"))

    refused = _post(client, message)
    certificates.add(message["SigningCertURL"], signer.pem)
    too_soon = _post(client, message)  # the failure is remembered: no second fetch yet
    clock[0] += 31
    retried = _post(client, message)  # the MessageId was not claimed by the failed attempts

    assert (refused.status_code, too_soon.status_code) == (503, 503)
    assert retried.json() == {"status": "handled"}
    assert certificates.fetched == [message["SigningCertURL"]] * 2
    assert len(notifier.pushed) == 1


def test_a_verified_subscription_confirmation_is_confirmed(service, signer):
    client, _, _, _, confirmer = service
    response = _post(client, signer.sign(subscription_confirmation(SUBSCRIBE_URL)))
    assert response.json() == {"status": "confirmed"}
    assert confirmer.confirmed == [SUBSCRIBE_URL]


def test_a_signed_confirmation_pointing_off_sns_is_refused_without_fetching_it(service, signer):
    client, container, _, _, _ = service
    container.speech.subscription_confirmer.override(providers.Object(SubscribeUrlConfirmer()))
    message = signer.sign(subscription_confirmation("https://169.254.169.254/latest/meta-data/"))
    assert _post(client, message).status_code == 403


def test_notify_exists_only_in_aws_mode():
    app = create_app(build_container(Settings(storage="memory")), warm_up=False)
    assert "/notify" not in app.route_handler_method_map
