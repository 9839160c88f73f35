"""NotifyGuard through the app in AWS mode: for every reason a delivery is refused on its face,
the guard's answer and log line are the route's own, and the route never runs; whatever the
guard does not refuse reaches the route and is answered as it was before the guard."""

from __future__ import annotations

import base64
import json
import logging
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from dependency_injector import providers
from litestar.testing import TestClient

from adapters.aws import SnsMessageVerifier, StaticCertificateSource
from application.use_cases import ScreenSnsDelivery
from entrypoints.container import build_container
from entrypoints.http.app import create_app
from entrypoints.settings import Settings
from tests.unit.aws.conftest import INPUT_BUCKET, OUTPUT_BUCKET
from tests.unit.aws.signing_kit import CERT_URL, TOPIC, TestSigner, notification, sns_timestamp

SIGNER = TestSigner()
HOST = "https://sns.us-east-1.amazonaws.com"
PEM = "/SimpleNotificationService-0123abcd.pem"


class WatchedVerifier(SnsMessageVerifier):
    """The real verifier, counting the full verifications it makes: the route's, never the guard's."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.verified = 0

    def verify_body(self, body):
        self.verified += 1
        return super().verify_body(body)


class PassingScreen:
    """A screen that refuses nothing: with it, every delivery goes on to the route."""

    def refuse_on_face(self, body: bytes) -> None:
        return None


@pytest.fixture
def service(s3):
    settings = Settings(
        storage="s3", transcriber="aws", s3_input_bucket=INPUT_BUCKET,
        s3_output_bucket=OUTPUT_BUCKET, s3_output_prefix="transcripts/", sns_topic_arns=TOPIC,
    )  # fmt: skip
    container = build_container(settings.validate())
    certificates = StaticCertificateSource({CERT_URL: SIGNER.pem})
    container.certificate_source.override(providers.Object(certificates))
    verifier = WatchedVerifier(certificates, [TOPIC])
    container.speech.sns_verifier.override(providers.Object(verifier))
    with TestClient(create_app(container), base_url="http://127.0.0.1") as client:
        yield client, container, verifier, certificates


def _signed(**fields) -> bytes:
    cert_url = fields.pop("cert_url", CERT_URL)
    return json.dumps(SIGNER.sign(notification(**fields), cert_url=cert_url)).encode()


def _spoiled(**fields) -> bytes:
    """A signed message, then changed: no field it holds is signed as it now reads."""
    message = SIGNER.sign(notification())
    message.update(fields)
    return json.dumps(message).encode()


def _without(name: str) -> bytes:
    return json.dumps({k: v for k, v in SIGNER.sign(notification()).items() if k != name}).encode()


REFUSED_ON_FACE = {
    "not-utf8": b"\xff not json",
    "not-json": b"{nope",
    "a-list": b'["a list"]',
    "nested-100000-deep": b"[" * 100_000 + b"]" * 100_000,
    "5000-digit-integer": b'{"Type": "Notification", "n": ' + b"7" * 5000 + b"}",
    "nan": b'{"Type": "Notification", "n": NaN}',
    "unknown-type": _spoiled(Type="Other"),
    "type-is-a-list": _spoiled(Type=["Notification"]),
    "no-message": _without("Message"),
    "line-break-in-id": _spoiled(MessageId=f"{uuid.uuid4()}\nSubject\nx"),
    "other-topic": _spoiled(TopicArn=TOPIC + "-other"),
    "huge-topic": _spoiled(TopicArn="arn:aws:sns:us-east-1:1:" + "x" * 400_000),
    "id-not-a-uuid": _signed(MessageId="m-1"),
    "timestamp-not-iso": _signed(Timestamp="yesterday"),
    "timestamp-not-a-date": _signed(Timestamp="2026-13-45T00:00:00.000Z"),
    "timestamp-2016": _signed(Timestamp="2016-01-01T00:00:00.000Z"),
    "timestamp-tomorrow": _signed(Timestamp=sns_timestamp(datetime.now(UTC) + timedelta(days=1))),
    "version-3": _spoiled(SignatureVersion="3"),
    "cert-over-http": _signed(cert_url=CERT_URL.replace("https", "http")),
    "cert-with-port": _signed(cert_url=f"{HOST}:81{PEM}"),
    "cert-with-query": _signed(cert_url=f"{HOST}{PEM}?1"),
    "cert-with-user": _signed(cert_url=f"https://user@sns.us-east-1.amazonaws.com{PEM}"),
    "cert-other-path": _signed(cert_url=f"{HOST}/a.pem"),
    "cert-on-s3": _signed(cert_url=f"https://sns.s3-us-west-2.amazonaws.com{PEM}"),
    "signature-not-base64": _spoiled(Signature="not base64!"),
    "signature-missing": _without("Signature"),
}


def _post(client, caplog, body: bytes, path: str = "/notify"):
    caplog.clear()
    with caplog.at_level(logging.INFO):
        response = client.post(path, content=body, headers={"content-type": "text/plain"})
    said = [(r.name, r.levelname, r.getMessage()) for r in caplog.records if r.name.startswith("entrypoints")]
    return response, said


@pytest.mark.parametrize("body", REFUSED_ON_FACE.values(), ids=REFUSED_ON_FACE.keys())
def test_the_guard_refuses_on_its_face_with_the_route_s_answer_and_log_line(service, caplog, body):
    client, container, verifier, certificates = service

    guarded, guard_said = _post(client, caplog, body)
    answered_by_the_route = verifier.verified
    container.screen_sns_delivery.override(providers.Factory(ScreenSnsDelivery, screen=PassingScreen()))
    routed, route_said = _post(client, caplog, body)

    assert answered_by_the_route == 0 and verifier.verified == 1
    assert guarded.status_code in (400, 403)
    assert (guarded.status_code, dict(guarded.headers), guarded.content) == (
        routed.status_code,
        dict(routed.headers),
        routed.content,
    )
    assert guard_said == route_said and len(guard_said) == 1
    assert len(guarded.content) < 1000 and all(len(line) < 1000 for _, _, line in guard_said)
    assert certificates.fetched == []


def test_a_message_that_passes_the_face_checks_is_verified_and_handled_by_the_route(service, caplog):
    client, _, verifier, certificates = service

    response, _ = _post(client, caplog, _signed())

    assert (response.status_code, response.json()) == (200, {"status": "ignored"})  # no record of ours
    assert verifier.verified == 1 and certificates.fetched == [CERT_URL]


def test_a_forged_signature_passes_the_guard_and_is_refused_by_the_route(service, caplog):
    client, _, verifier, _ = service
    forged = json.loads(_signed())
    forged["Signature"] = base64.b64encode(b"\0" * 256).decode()

    response, said = _post(client, caplog, json.dumps(forged).encode())

    assert (response.status_code, response.json()["detail"]) == (
        403,
        "not a verified SNS message: signature does not match",
    )
    assert verifier.verified == 1 and said == [
        ("entrypoints.http.notify", "WARNING", "refused a message on /notify: signature does not match")
    ]


def test_a_body_larger_than_any_sns_message_is_left_to_the_route(service, caplog):
    client, _, verifier, _ = service

    response, _ = _post(client, caplog, b"x" * (600 * 1024))

    assert (response.status_code, response.json()["error"]) == (413, "payload_too_large")
    assert verifier.verified == 0


def test_the_guard_meets_notify_however_its_path_is_spelled(service, caplog):
    client, _, verifier, _ = service

    response, _ = _post(client, caplog, _signed(MessageId="m-1"), path="/notify/")

    assert response.status_code == 403 and "is not a UUID" in response.json()["detail"]
    assert verifier.verified == 0


def test_other_methods_on_notify_are_answered_as_before(service):
    client, *_ = service
    assert client.get("/notify").status_code == 405
