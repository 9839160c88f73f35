"""SnsMessageVerifier: proves an SNS message came from SNS, for a topic we subscribed to."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from adapters.aws.certificates import CertificateSource
from adapters.aws.signing_certificates import DEFAULT_CERT_SUBJECT, SigningCertificates
from adapters.aws.sns_face_checks import (
    DEFAULT_CERT_HOST_PATTERN,
    DEFAULT_MAX_MESSAGE_AGE_SECONDS,
    SnsFaceChecks,
    is_https_on_host,
)
from adapters.aws.sns_message import SnsMessage, SnsVerificationFailed, parse_sns_body, to_message

__all__ = [
    "DEFAULT_CERT_HOST_PATTERN",
    "DEFAULT_CERT_SUBJECT",
    "DEFAULT_MAX_MESSAGE_AGE_SECONDS",
    "SnsMessageVerifier",
    "is_https_on_host",
]

_HASHES: dict[str, Callable[[], hashes.HashAlgorithm]] = {"1": hashes.SHA1, "2": hashes.SHA256}


class SnsMessageVerifier:
    """First the face checks (SnsFaceChecks: the fields, the TopicArn among `topic_arns`, the
    MessageId, the Timestamp within `max_message_age_seconds`, the SignatureVersion, the shape
    and host of the SigningCertURL under `cert_host_pattern`), which fetch nothing; then the
    certificate (see SigningCertificates: named `cert_subject`, valid now, fetched within
    bounds) and the RSA signature over Amazon's canonical string with its key.

    Raises SnsVerificationFailed for a message that fails a check, DependencyUnavailable when
    the certificate cannot be fetched (SNS will retry the delivery)."""

    def __init__(
        self,
        certificates: CertificateSource,
        topic_arns: Iterable[str],
        cert_host_pattern: str = DEFAULT_CERT_HOST_PATTERN,
        cache_size: int = 64,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        cert_subject: str = DEFAULT_CERT_SUBJECT,
        max_message_age_seconds: float = DEFAULT_MAX_MESSAGE_AGE_SECONDS,
        **fetch_bounds: Any,  # SigningCertificates' failure_ttl_seconds, max_concurrent_fetches, monotonic
    ) -> None:
        self._face = SnsFaceChecks(topic_arns, cert_host_pattern, clock, max_message_age_seconds)
        self._certificates = SigningCertificates(certificates, cert_subject, cache_size, clock=clock, **fetch_bounds)

    def refuse_on_face(self, body: bytes | str) -> None:
        self._face.check(parse_sns_body(body))

    def verify_body(self, body: bytes | str) -> SnsMessage:
        return self.verify(parse_sns_body(body))

    def verify(self, fields: Mapping[str, Any]) -> SnsMessage:
        passed = self._face.check(fields)
        key = self._certificates.public_key(passed.cert_url)
        try:
            key.verify(passed.signature, passed.signed, padding.PKCS1v15(), _HASHES[passed.version]())
        except InvalidSignature:
            raise SnsVerificationFailed("signature does not match") from None
        return to_message(passed.fields)

    def allows_host(self, url: Any) -> bool:
        return self._face.allows_host(url)
