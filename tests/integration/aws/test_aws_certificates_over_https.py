"""HttpsCertificateSource and SubscribeUrlConfirmer over real TLS on loopback, trusting a test CA
through SSL_CERT_FILE exactly as a deployment against an emulator would."""

from __future__ import annotations

import pytest

from adapters.aws import (
    CertificateUnavailable,
    HttpsCertificateSource,
    SnsMessageVerifier,
    SnsVerificationFailed,
    SubscribeUrlConfirmer,
)
from application.errors import DependencyUnavailable
from tests.contracts.certificate_source import CertificateSourceContract
from tests.integration.aws.loopback_https import ToLoopbackPort, https_server
from tests.unit.aws.signing_kit import TOPIC, TestSigner, notification, subscription_confirmation

LOOPBACK = r"^127\.0\.0\.1$"
PEM_PATH = "/SimpleNotificationService-0123456789abcdef.pem"
CERT_URL = "https://127.0.0.1" + PEM_PATH  # as SNS names them: no port


def _source(base: str, **options) -> HttpsCertificateSource:
    return HttpsCertificateSource(transport=ToLoopbackPort(int(base.rsplit(":", 1)[1])), **options)


@pytest.fixture
def server(tmp_path, monkeypatch):
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    for proxy in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(proxy, raising=False)
    with https_server(tmp_path) as (base, routes, ca_file):
        monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))
        yield base, routes


@pytest.fixture
def signer(server):
    _base, routes = server
    signer = TestSigner()
    routes.answers[PEM_PATH] = (200, {"Content-Type": "application/x-pem-file"}, signer.pem)
    return signer


def test_a_message_signed_by_the_certificate_served_on_loopback_passes(server, signer):
    base, routes = server
    verifier = SnsMessageVerifier(_source(base), [TOPIC], cert_host_pattern=LOOPBACK)

    for message_id in ("0b5e53c2-6f53-4b1e-9a37-1d1b1a4f0c01", "0b5e53c2-6f53-4b1e-9a37-1d1b1a4f0c02"):
        message = verifier.verify(signer.sign(notification(MessageId=message_id), cert_url=CERT_URL))
        assert message.message_id == message_id

    assert routes.requested == [PEM_PATH]  # cached by URL after the first fetch


def test_a_changed_byte_is_refused_with_the_real_certificate(server, signer):
    base, _ = server
    verifier = SnsMessageVerifier(_source(base), [TOPIC], cert_host_pattern=LOOPBACK)
    signed = signer.sign(notification(), version="1", cert_url=CERT_URL)
    signed["Message"] = signed["Message"].replace("[]", "[ ]")

    with pytest.raises(SnsVerificationFailed):
        verifier.verify(signed)


def test_a_server_that_tls_does_not_trust_is_never_believed(server, signer, monkeypatch):
    base, _ = server
    monkeypatch.delenv("SSL_CERT_FILE")
    verifier = SnsMessageVerifier(_source(base), [TOPIC], cert_host_pattern=LOOPBACK)

    with pytest.raises(DependencyUnavailable):
        verifier.verify(signer.sign(notification(), cert_url=CERT_URL))


def test_the_certificate_source_follows_no_redirect_and_refuses_oversized_answers(server):
    base, routes = server
    routes.answers["/moved.pem"] = (302, {"Location": "https://127.0.0.1:1/elsewhere.pem"}, b"")
    routes.answers["/big.pem"] = (200, {}, b"x" * 100_000)
    source = HttpsCertificateSource(max_bytes=64 * 1024)

    with pytest.raises(CertificateUnavailable, match="302"):
        source.fetch(base + "/moved.pem")
    with pytest.raises(CertificateUnavailable, match="larger"):
        source.fetch(base + "/big.pem")
    with pytest.raises(CertificateUnavailable, match="404"):
        source.fetch(base + "/missing.pem")


def test_a_verified_subscription_is_confirmed_by_fetching_its_url(server, signer):
    base, routes = server
    confirm_path = "/?Action=ConfirmSubscription&TopicArn=t&Token=abc"
    routes.answers[confirm_path] = (200, {}, b"<ConfirmSubscriptionResponse/>")
    verifier = SnsMessageVerifier(_source(base), [TOPIC], cert_host_pattern=LOOPBACK)
    message = verifier.verify(signer.sign(subscription_confirmation(base + confirm_path), cert_url=CERT_URL))

    SubscribeUrlConfirmer(host_pattern=LOOPBACK).confirm(message)

    assert routes.requested[-1] == confirm_path


def test_a_confirmation_the_server_refuses_is_an_outage_so_sns_retries(server, signer):
    base, _ = server
    verifier = SnsMessageVerifier(_source(base), [TOPIC], cert_host_pattern=LOOPBACK)
    message = verifier.verify(signer.sign(subscription_confirmation(base + "/gone"), cert_url=CERT_URL))

    with pytest.raises(DependencyUnavailable):
        SubscribeUrlConfirmer(host_pattern=LOOPBACK).confirm(message)


def test_a_certificate_url_naming_the_servers_port_is_refused_without_a_request(server, signer):
    base, routes = server
    verifier = SnsMessageVerifier(HttpsCertificateSource(), [TOPIC], cert_host_pattern=LOOPBACK)

    with pytest.raises(SnsVerificationFailed, match="port"):
        verifier.verify(signer.sign(notification(), cert_url=base + PEM_PATH))
    assert routes.requested == []


class TestHttpsCertificateSource(CertificateSourceContract):
    @pytest.fixture
    def source(self, server) -> HttpsCertificateSource:
        base, _ = server
        return _source(base)

    @pytest.fixture
    def publish(self, server):
        _, routes = server

        def publish(path: str, pem: bytes) -> str:
            routes.answers[path] = (200, {"Content-Type": "application/x-pem-file"}, pem)
            return "https://127.0.0.1" + path

        return publish
