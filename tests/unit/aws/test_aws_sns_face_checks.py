"""What /notify refuses on its face, before any certificate is fetched, and the bounds on the
fetches it does make: the checks a stream of unsigned, hostile messages meets first."""

from __future__ import annotations

import json
import threading
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import NameOID

from adapters.aws import SnsMessageVerifier, SnsVerificationFailed, StaticCertificateSource
from adapters.aws.sns_message import SnsBodyMalformed, parse_sns_body
from application.errors import DependencyUnavailable
from tests.support.clocks import FakeClock
from tests.unit.aws.signing_kit import CERT_URL, TOPIC, TestSigner, notification, sns_timestamp

SIGNER = TestSigner()
HOST = "https://sns.us-east-1.amazonaws.com"


@pytest.fixture
def certificates():
    return StaticCertificateSource({CERT_URL: SIGNER.pem})


@pytest.fixture
def verifier(certificates):
    return SnsMessageVerifier(certificates, topic_arns=[TOPIC])


def _refused_without_fetching(verifier, certificates, signed, reason=None):
    with pytest.raises(SnsVerificationFailed, match=reason) as refused:
        verifier.verify(signed)
    assert certificates.fetched == []
    return refused.value


@pytest.mark.parametrize(
    "url",
    [
        f"{HOST}:81/SimpleNotificationService-0123abcd.pem",
        f"{HOST}:443/SimpleNotificationService-0123abcd.pem",
        f"{HOST}:/SimpleNotificationService-0123abcd.pem",
        "https://user@sns.us-east-1.amazonaws.com/SimpleNotificationService-0123abcd.pem",
        f"{HOST}/SimpleNotificationService-0123abcd.pem?1",
        f"{HOST}/SimpleNotificationService-0123abcd.pem?",
        f"{HOST}/SimpleNotificationService-0123abcd.pem#x",
        f"{HOST}/SimpleNotification\tService-0123abcd.pem",
        f"{HOST}/a.pem",
        f"{HOST}/SimpleNotificationService-xyz.pem",
        f"{HOST}/bucket/SimpleNotificationService-0123abcd.pem",
        f"{HOST}/SimpleNotificationService-{'a' * 300}.pem",
    ],
)
def test_a_certificate_url_of_any_other_shape_is_refused_before_fetching(verifier, certificates, url):
    _refused_without_fetching(verifier, certificates, SIGNER.sign(notification(), cert_url=url))


@pytest.mark.parametrize(
    "host",
    [
        "sns.s3-us-west-2.amazonaws.com",  # bucket "sns" on S3's legacy regional endpoint
        "sns.s3-external-1.amazonaws.com",
        "sns.s3-website-us-east-1.amazonaws.com",
        "sns.s3.amazonaws.com",
        "sns.s3-accelerate.amazonaws.com",
    ],
)
def test_no_s3_endpoint_passes_for_an_sns_host(verifier, certificates, host):
    url = f"https://{host}/SimpleNotificationService-0123abcd.pem"
    assert not verifier.allows_host(url)
    _refused_without_fetching(verifier, certificates, SIGNER.sign(notification(), cert_url=url), "SNS host")


def _signer_named(common_name: str, *san: str) -> TestSigner:
    signer = TestSigner()
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.now(UTC)
    builder = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(signer.key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=1))
    )  # fmt: skip
    if san:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in san]), critical=False)
    signer.certificate = builder.sign(signer.key, hashes.SHA256())
    signer.pem = signer.certificate.public_bytes(serialization.Encoding.PEM)
    return signer


def test_a_certificate_issued_to_another_name_is_refused():
    signer = _signer_named("attacker.example")
    verifier = SnsMessageVerifier(StaticCertificateSource({CERT_URL: signer.pem}), [TOPIC])

    with pytest.raises(SnsVerificationFailed, match=r"not issued to sns\.amazonaws\.com"):
        verifier.verify(signer.sign(notification()))


def test_the_expected_name_may_be_in_a_subject_alternative_name():
    signer = _signer_named("Amazon", "www.example.com", "sns.amazonaws.com")
    verifier = SnsMessageVerifier(StaticCertificateSource({CERT_URL: signer.pem}), [TOPIC])

    assert verifier.verify(signer.sign(notification())).topic_arn == TOPIC


def test_an_emulators_certificate_passes_once_its_name_is_configured():
    signer = _signer_named("sns.emulator.test")
    source = StaticCertificateSource({CERT_URL: signer.pem})

    with pytest.raises(SnsVerificationFailed, match="not issued"):
        SnsMessageVerifier(source, [TOPIC]).verify(signer.sign(notification()))
    named = SnsMessageVerifier(source, [TOPIC], cert_subject="sns.emulator.test")
    assert named.verify(signer.sign(notification())).topic_arn == TOPIC


@pytest.mark.parametrize(
    "message_id", ["forged-1", "", "{6f1b7c1e-2d7a-4c53-9b0e-0d3f3c8b2a11}", "6f1b7c1e2d7a4c539b0e0d3f3c8b2a11"]
)
def test_a_message_id_that_is_not_a_uuid_is_refused_before_fetching(verifier, certificates, message_id):
    _refused_without_fetching(verifier, certificates, SIGNER.sign(notification(MessageId=message_id)), "UUID")


def test_a_message_id_cannot_swallow_the_subject_to_sign_as_a_new_message(verifier, certificates):
    signed = SIGNER.sign(notification(Subject="Amazon S3 Notification"))
    assert verifier.verify(signed)
    forged = {k: v for k, v in signed.items() if k != "Subject"}
    forged["MessageId"] = signed["MessageId"] + "\nSubject\nAmazon S3 Notification"

    with pytest.raises(SnsVerificationFailed):
        verifier.verify(forged)


@pytest.mark.parametrize("field", ["Subject", "Timestamp", "TopicArn", "Type"])
def test_a_line_break_in_any_signed_field_but_message_is_refused(verifier, field):
    fields = notification(Subject="hello")
    fields[field] += "\nTopicArn\n" + TOPIC

    with pytest.raises(SnsVerificationFailed):
        verifier.verify(SIGNER.sign(fields))


def test_a_message_may_hold_line_breaks(verifier):
    assert verifier.verify(SIGNER.sign(notification("line one\nline two"))).message == "line one\nline two"


@pytest.mark.parametrize(
    "stamp, refused",
    [
        ("2016-06-01T12:00:00.000Z", "older"),
        (sns_timestamp(datetime.now(UTC) - timedelta(hours=2)), "older"),
        (sns_timestamp(datetime.now(UTC) + timedelta(hours=1)), "future"),
        ("2026-13-01T12:00:00.000Z", "not a date"),
        ("yesterday", "ISO 8601"),
        ("2026-01-01T12:00:00+00:00", "ISO 8601"),
    ],
    # names that stay the same from run to run (two of the stamps are made from the clock)
    ids=["years-old", "two-hours-old", "an-hour-ahead", "month-13", "a-word", "an-offset-not-z"],
)
def test_a_stale_future_or_malformed_timestamp_is_refused_before_fetching(verifier, certificates, stamp, refused):
    _refused_without_fetching(verifier, certificates, SIGNER.sign(notification(Timestamp=stamp)), refused)


def test_a_message_as_old_as_snss_retries_passes_and_the_window_is_configurable(certificates):
    stamp = sns_timestamp(datetime.now(UTC) - timedelta(minutes=50))
    assert SnsMessageVerifier(certificates, [TOPIC]).verify(SIGNER.sign(notification(Timestamp=stamp)))

    strict = SnsMessageVerifier(certificates, [TOPIC], max_message_age_seconds=60)
    with pytest.raises(SnsVerificationFailed, match="older"):
        strict.verify(SIGNER.sign(notification(Timestamp=stamp)))


def test_a_failed_fetch_is_remembered_briefly_then_tried_again():
    source, clock = StaticCertificateSource(), FakeClock(100.0)
    verifier = SnsMessageVerifier(source, [TOPIC], failure_ttl_seconds=30, monotonic=clock)
    message = SIGNER.sign(notification())

    for _ in range(5):
        with pytest.raises(DependencyUnavailable):
            verifier.verify(message)
    assert source.fetched == [CERT_URL]

    clock.now += 31
    source.add(CERT_URL, SIGNER.pem)
    assert verifier.verify(message).topic_arn == TOPIC
    assert source.fetched == [CERT_URL, CERT_URL]


def test_a_refused_certificate_is_remembered_too():
    source = StaticCertificateSource({CERT_URL: _signer_named("attacker.example").pem})
    verifier = SnsMessageVerifier(source, [TOPIC])

    for _ in range(3):
        with pytest.raises(SnsVerificationFailed, match="not issued"):
            verifier.verify(SIGNER.sign(notification()))
    assert source.fetched == [CERT_URL]


class HangingCertificates:
    """A certificate host that answers nothing until released."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.fetching = threading.Semaphore(0)
        self.fetched: list[str] = []

    def fetch(self, url: str) -> bytes:
        self.fetched.append(url)
        self.fetching.release()
        self.release.wait(10)
        return SIGNER.pem


def _distinct_url(n: int) -> str:
    return f"{HOST}/SimpleNotificationService-{n:08x}.pem"


def test_only_a_few_certificate_fetches_run_at_once_and_the_rest_are_refused_at_once():
    source = HangingCertificates()
    verifier = SnsMessageVerifier(source, [TOPIC], max_concurrent_fetches=2)
    waiting = [
        threading.Thread(target=lambda n=n: verifier.verify(SIGNER.sign(notification(), cert_url=_distinct_url(n))))
        for n in range(2)
    ]
    for thread in waiting:
        thread.start()
    for _ in waiting:
        assert source.fetching.acquire(timeout=5)

    with pytest.raises(DependencyUnavailable, match="at once"):
        verifier.verify(SIGNER.sign(notification(), cert_url=_distinct_url(2)))
    assert len(source.fetched) == 2

    source.release.set()
    for thread in waiting:
        thread.join(5)
    again = SIGNER.sign(notification(MessageId=str(uuid.uuid4())), cert_url=_distinct_url(2))
    assert verifier.verify(again)  # a refusal for want of a slot is not remembered


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
        json.dumps({"Type": "Notification", "n": int("9" * 4000)}).encode().replace(b"9" * 4000, b"9" * 5000),
        b'{"Type": NaN}',
        b'{"Type": "Notification", "pad": "' + b"x" * (600 * 1024) + b'"}',
        b"\xff\xfe",
    ],
    ids=["nested-lists", "nested-objects", "5000-digits", "nan", "too-large", "not-utf8"],
)
def test_bodies_beyond_any_sns_message_are_refused_as_malformed(body):
    with pytest.raises(SnsBodyMalformed):
        parse_sns_body(body)


def test_brackets_inside_strings_do_not_count_as_nesting():
    document = parse_sns_body(json.dumps({"Message": "[" * 10_000 + '"{', "n": 12}))
    assert document["n"] == 12


def test_a_huge_echoed_value_is_cut_short_in_the_refusal(verifier, certificates):
    signed = SIGNER.sign(notification(TopicArn="arn:" + "x" * 400_000))

    refused = _refused_without_fetching(verifier, certificates, signed, "not configured")

    assert len(refused.reason) < 200
