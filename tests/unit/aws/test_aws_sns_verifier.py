"""SnsMessageVerifier accepts exactly what SNS signed, for our topics, from an SNS host."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from adapters.aws import SnsMessageVerifier, SnsVerificationFailed, StaticCertificateSource
from application.errors import DependencyUnavailable
from tests.contracts.certificate_source import CertificateSourceContract
from tests.unit.aws.signing_kit import (
    CERT_URL,
    TOPIC,
    TestSigner,
    notification,
    sns_timestamp,
    subscription_confirmation,
)

SIGNER = TestSigner()


@pytest.fixture
def certificates():
    return StaticCertificateSource({CERT_URL: SIGNER.pem})


@pytest.fixture
def verifier(certificates):
    return SnsMessageVerifier(certificates, topic_arns=[TOPIC])


@pytest.mark.parametrize("version", ["1", "2"])
def test_a_notification_signed_with_either_version_passes(verifier, version):
    message = verifier.verify(SIGNER.sign(notification(Subject="Amazon S3 Notification"), version))

    assert (message.type, message.topic_arn, message.subject) == (
        "Notification",
        TOPIC,
        "Amazon S3 Notification",
    )


def test_a_notification_without_subject_passes(verifier):
    assert verifier.verify(SIGNER.sign(notification())).subject is None


def test_a_subscription_confirmation_passes_with_its_url_and_token(verifier):
    url = "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=abc"

    message = verifier.verify(SIGNER.sign(subscription_confirmation(url)))

    assert (message.type, message.subscribe_url) == ("SubscriptionConfirmation", url)


def test_the_raw_body_is_accepted_as_sns_posts_it(verifier):
    import json

    body = json.dumps(SIGNER.sign(notification())).encode()

    assert verifier.verify_body(body).message == '{"Records": []}'


@pytest.mark.parametrize("field", ["Message", "MessageId", "Timestamp", "Subject"])
def test_a_changed_byte_in_any_signed_field_is_refused(verifier, field):
    signed = SIGNER.sign(notification(Subject="hello"))
    signed[field] = signed[field][:-2] + chr(ord(signed[field][-2]) ^ 1) + signed[field][-1]

    with pytest.raises(SnsVerificationFailed, match="signature"):
        verifier.verify(signed)


def test_a_subject_added_after_signing_is_refused(verifier):
    signed = SIGNER.sign(notification())
    signed["Subject"] = "injected"

    with pytest.raises(SnsVerificationFailed, match="signature"):
        verifier.verify(signed)


def test_a_signature_by_another_key_is_refused(verifier):
    signed = TestSigner().sign(notification())

    with pytest.raises(SnsVerificationFailed, match="signature"):
        verifier.verify(signed)


def _refused_without_fetching(verifier, certificates, signed, reason):
    with pytest.raises(SnsVerificationFailed, match=reason or None):
        verifier.verify(signed)
    assert certificates.fetched == []


def test_a_topic_not_configured_is_refused_before_anything_is_fetched(verifier, certificates):
    signed = SIGNER.sign(notification(TopicArn="arn:aws:sns:us-east-1:999999999999:other"))

    _refused_without_fetching(verifier, certificates, signed, "not configured")


@pytest.mark.parametrize("version", ["3", "0", "", None, 2, ["2"]])
def test_an_unknown_signature_version_is_refused(verifier, certificates, version):
    signed = SIGNER.sign(notification())
    signed["SignatureVersion"] = version

    _refused_without_fetching(verifier, certificates, signed, "SignatureVersion")


@pytest.mark.parametrize(
    "url",
    [
        "http://sns.us-east-1.amazonaws.com/cert.pem",
        "https://sns.evil.example.com/cert.pem",
        "https://evil.amazonaws.com/cert.pem",
        "https://sns.us-east-1.amazonaws.com.evil.com/cert.pem",
        "https://s3.amazonaws.com/sns.us-east-1.amazonaws.com/cert.pem",
        "https://sns.us-east-1.amazonaws.com@evil.com/cert.pem",
        "https://sns.us.amazonaws.com/cert.pem",
        "sns.us-east-1.amazonaws.com/cert.pem",
        "https://[not-an-ip/cert.pem",
    ],
)
def test_a_certificate_url_off_an_sns_https_host_is_refused(verifier, certificates, url):
    _refused_without_fetching(verifier, certificates, SIGNER.sign(notification(), cert_url=url), "SNS host")


def test_a_certificate_url_that_is_not_a_pem_file_is_refused(verifier, certificates):
    signed = SIGNER.sign(notification(), cert_url="https://sns.us-east-1.amazonaws.com/cert.txt?x=.pem")

    _refused_without_fetching(verifier, certificates, signed, "query")


def test_china_and_government_regions_are_allowed_hosts(verifier):
    assert verifier.allows_host("https://sns.cn-north-1.amazonaws.com.cn/c.pem")
    assert verifier.allows_host("https://sns.us-gov-west-1.amazonaws.com/c.pem")
    assert verifier.allows_host("https://sns.ap-southeast-2.amazonaws.com/c.pem")


@pytest.mark.parametrize("missing", ["Type", "MessageId", "Message", "Timestamp", "TopicArn"])
def test_a_message_missing_a_signed_field_is_refused(verifier, certificates, missing):
    signed = SIGNER.sign(notification())
    del signed[missing]

    _refused_without_fetching(verifier, certificates, signed, "")


def test_a_confirmation_without_token_is_refused(verifier):
    signed = SIGNER.sign(subscription_confirmation("https://sns.us-east-1.amazonaws.com/?x"))
    del signed["Token"]

    with pytest.raises(SnsVerificationFailed, match="Token"):
        verifier.verify(signed)


def test_certificates_are_fetched_once_per_url(verifier, certificates):
    for _ in range(3):
        verifier.verify(SIGNER.sign(notification(MessageId=str(uuid.uuid4()))))

    assert certificates.fetched == [CERT_URL]


def test_an_expired_certificate_is_refused(certificates):
    two_days_on = datetime.now(UTC) + timedelta(days=2)
    later = SnsMessageVerifier(certificates, [TOPIC], clock=lambda: two_days_on)

    with pytest.raises(SnsVerificationFailed, match="expired"):
        later.verify(SIGNER.sign(notification(Timestamp=sns_timestamp(two_days_on))))


def test_a_certificate_url_that_holds_no_certificate_is_refused():
    verifier = SnsMessageVerifier(StaticCertificateSource({CERT_URL: b"<html>"}), [TOPIC])

    with pytest.raises(SnsVerificationFailed, match="PEM"):
        verifier.verify(SIGNER.sign(notification()))


def test_a_certificate_that_cannot_be_fetched_is_an_outage_so_sns_retries():
    verifier = SnsMessageVerifier(StaticCertificateSource(), [TOPIC])

    with pytest.raises(DependencyUnavailable):
        verifier.verify(SIGNER.sign(notification()))


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b"\xff\xfe"])
def test_a_body_that_is_not_a_json_object_is_refused(verifier, body):
    with pytest.raises(SnsVerificationFailed):
        verifier.verify_body(body)


def test_a_signature_that_is_not_base64_is_refused(verifier):
    signed = SIGNER.sign(notification())
    signed["Signature"] = "***"

    with pytest.raises(SnsVerificationFailed, match="base64"):
        verifier.verify(signed)


class TestStaticCertificateSource(CertificateSourceContract):
    @pytest.fixture
    def source(self) -> StaticCertificateSource:
        return StaticCertificateSource()

    @pytest.fixture
    def publish(self, source):
        def publish(path: str, pem: bytes) -> str:
            source.add("https://sns.us-east-1.amazonaws.com" + path, pem)
            return "https://sns.us-east-1.amazonaws.com" + path

        return publish
