"""SnsMessageVerifier: proves an SNS message came from SNS, for a topic we subscribed to."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from adapters.aws.certificates import CertificateSource
from adapters.aws.signing_certificates import DEFAULT_CERT_SUBJECT, SigningCertificates
from adapters.aws.sns_message import (
    SnsMessage,
    SnsVerificationFailed,
    parse_sns_body,
    shown,
    string_to_sign,
    to_message,
)

__all__ = ["DEFAULT_CERT_HOST_PATTERN", "DEFAULT_CERT_SUBJECT", "SnsMessageVerifier", "is_https_on_host"]

# Anchored at both ends, and the label between `sns.` and `amazonaws.com` must be a region
# name (us-east-1, us-gov-west-1, cn-north-1...): S3 serves buckets on hosts such as
# `sns.s3-us-west-2.amazonaws.com`, where anyone may publish a .pem file.
DEFAULT_CERT_HOST_PATTERN = r"^sns\.[a-z]{2}(-[a-z]{3,4})?-[a-z]+-[0-9]{1,2}\.amazonaws\.com(\.cn)?$"
# SNS retries an HTTP/S delivery for at most an hour; five minutes more for clocks that differ.
DEFAULT_MAX_MESSAGE_AGE_SECONDS = 3600.0 + 300.0
_CLOCK_SKEW = timedelta(minutes=5)
_CERT_PATH = re.compile(r"/SimpleNotificationService-[0-9a-fA-F]{1,64}\.pem")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?Z")
_MAX_CERT_URL_CHARS = 256
_HASHES: dict[str, Callable[[], hashes.HashAlgorithm]] = {"1": hashes.SHA1, "2": hashes.SHA256}


def is_https_on_host(url: Any, host_pattern: re.Pattern[str]) -> bool:
    """An https URL whose host name (without the port) matches the pattern."""
    if not isinstance(url, str):
        return False
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return False
    return parts.scheme == "https" and host is not None and bool(host_pattern.fullmatch(host))


class SnsMessageVerifier:
    """Checks, in an order that fetches nothing for a message refused on its face: the Type
    and the signed fields (strings; no line break but in Message), the TopicArn (one of
    `topic_arns`), the MessageId (a UUID, as SNS makes them), the Timestamp (at most
    `max_message_age_seconds` old, not from the future), the SignatureVersion (1 = SHA1,
    2 = SHA256), the SigningCertURL (exactly `https://<host>/SimpleNotificationService-<hex>.pem`
    with the host matching `cert_host_pattern`: no port, user, query or fragment); then the
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
        self._topics = frozenset(topic_arns)
        self._host = re.compile(cert_host_pattern)
        self._clock = clock
        self._max_age = timedelta(seconds=max_message_age_seconds)
        self._certificates = SigningCertificates(certificates, cert_subject, cache_size, clock=clock, **fetch_bounds)

    def verify_body(self, body: bytes | str) -> SnsMessage:
        return self.verify(parse_sns_body(body))

    def verify(self, fields: Mapping[str, Any]) -> SnsMessage:
        signed = string_to_sign(fields)  # refuses an unknown Type, a missing field, a line break
        if fields.get("TopicArn") not in self._topics:
            raise SnsVerificationFailed(f"topic {shown(fields.get('TopicArn'))} is not configured")
        # A UUID holds no `\nSubject\n...`: an id cannot swallow a field and sign as a new id.
        if not _UUID.fullmatch(fields["MessageId"]):
            raise SnsVerificationFailed(f"MessageId {shown(fields['MessageId'])} is not a UUID")
        self._check_timestamp(fields["Timestamp"])
        version = fields.get("SignatureVersion")
        if not isinstance(version, str) or version not in _HASHES:
            raise SnsVerificationFailed(f"unsupported SignatureVersion {shown(version)}")
        url = fields.get("SigningCertURL")
        self._check_cert_url(url)
        try:
            signature = base64.b64decode(str(fields.get("Signature", "")), validate=True)
        except (binascii.Error, ValueError):
            raise SnsVerificationFailed("Signature is not base64") from None
        if not signature:  # refused on its face: no certificate is fetched for it
            raise SnsVerificationFailed("Signature is missing")
        key = self._certificates.public_key(url)  # type: ignore[arg-type]
        try:
            key.verify(signature, signed, padding.PKCS1v15(), _HASHES[version]())
        except InvalidSignature:
            raise SnsVerificationFailed("signature does not match") from None
        return to_message(fields)

    def allows_host(self, url: Any) -> bool:
        return is_https_on_host(url, self._host)

    def _check_timestamp(self, stamp: str) -> None:
        if not _TIMESTAMP.fullmatch(stamp):
            raise SnsVerificationFailed(f"Timestamp {shown(stamp)} is not an ISO 8601 UTC time")
        try:
            sent = datetime.fromisoformat(stamp)
        except ValueError:
            raise SnsVerificationFailed(f"Timestamp {shown(stamp)} is not a date") from None
        now = self._clock()
        if sent < now - self._max_age:
            raise SnsVerificationFailed(f"Timestamp {stamp} is older than SNS retries a delivery")
        if sent > now + _CLOCK_SKEW:
            raise SnsVerificationFailed(f"Timestamp {stamp} is in the future")

    def _check_cert_url(self, url: Any) -> None:
        if not self.allows_host(url) or len(url) > _MAX_CERT_URL_CHARS:
            raise SnsVerificationFailed("SigningCertURL is not an https URL on an SNS host")
        parts = urlsplit(url)
        # Rebuilt from its parts, the URL must be itself: no port (not even an empty one), no
        # user, query or fragment, and nothing urlsplit quietly drops (tabs, line breaks).
        if parts.netloc.lower() != parts.hostname or url != f"https://{parts.netloc}{parts.path}":
            raise SnsVerificationFailed("SigningCertURL has a port, user, query or fragment")
        if not _CERT_PATH.fullmatch(parts.path):
            raise SnsVerificationFailed("SigningCertURL does not name a /SimpleNotificationService-<hex>.pem file")
