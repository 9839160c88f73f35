"""SnsMessageVerifier: proves an SNS message came from SNS, for a topic we subscribed to."""

from __future__ import annotations

import base64
import binascii
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from adapters.aws.certificates import CertificateSource, CertificateUnavailable
from adapters.aws.sns_message import (
    SnsMessage,
    SnsVerificationFailed,
    parse_sns_body,
    string_to_sign,
    to_message,
)
from application.errors import DependencyUnavailable

# Anchored at both ends: "amazonaws.com somewhere in the host" would accept an attacker's bucket.
DEFAULT_CERT_HOST_PATTERN = r"^sns\.[a-zA-Z0-9\-]{3,}\.amazonaws\.com(\.cn)?$"
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
    """Checks, in an order that fetches nothing for a message refused on its face: the Type,
    the TopicArn (one of `topic_arns`), the SignatureVersion (1 = SHA1, 2 = SHA256), the
    SigningCertURL (https, `.pem`, host matching `cert_host_pattern`), then the RSA signature
    over Amazon's canonical string with the certificate's key. Certificates are cached by URL.

    Raises SnsVerificationFailed for a message that fails a check, DependencyUnavailable when
    the certificate cannot be fetched (SNS will retry the delivery)."""

    def __init__(
        self,
        certificates: CertificateSource,
        topic_arns: Iterable[str],
        cert_host_pattern: str = DEFAULT_CERT_HOST_PATTERN,
        cache_size: int = 64,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._certificates = certificates
        self._topics = frozenset(topic_arns)
        self._host = re.compile(cert_host_pattern)
        self._cache: OrderedDict[str, x509.Certificate] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()
        self._clock = clock

    def verify_body(self, body: bytes | str) -> SnsMessage:
        return self.verify(parse_sns_body(body))

    def verify(self, fields: Mapping[str, Any]) -> SnsMessage:
        signed = string_to_sign(fields)  # refuses an unknown Type or a missing field
        if fields.get("TopicArn") not in self._topics:
            raise SnsVerificationFailed(f"topic {fields.get('TopicArn')!r} is not configured")
        version = fields.get("SignatureVersion")
        if not isinstance(version, str) or version not in _HASHES:
            raise SnsVerificationFailed(f"unsupported SignatureVersion {version!r}")
        url = fields.get("SigningCertURL")
        self._check_cert_url(url)
        try:
            signature = base64.b64decode(str(fields.get("Signature", "")), validate=True)
        except (binascii.Error, ValueError):
            raise SnsVerificationFailed("Signature is not base64") from None
        if not signature:  # refused on its face: no certificate is fetched for it
            raise SnsVerificationFailed("Signature is missing")
        key = self._public_key(url)  # type: ignore[arg-type]
        try:
            key.verify(signature, signed, padding.PKCS1v15(), _HASHES[version]())
        except InvalidSignature:
            raise SnsVerificationFailed("signature does not match") from None
        return to_message(fields)

    def allows_host(self, url: Any) -> bool:
        return is_https_on_host(url, self._host)

    def _check_cert_url(self, url: Any) -> None:
        if not self.allows_host(url):
            raise SnsVerificationFailed("SigningCertURL is not an https URL on an SNS host")
        if not urlsplit(url).path.endswith(".pem"):
            raise SnsVerificationFailed("SigningCertURL does not name a .pem file")

    def _public_key(self, url: str) -> rsa.RSAPublicKey:
        with self._lock:
            certificate = self._cache.get(url)
            if certificate is not None:
                self._cache.move_to_end(url)
        if certificate is None:
            certificate = self._fetch(url)
            with self._lock:
                self._cache[url] = certificate
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        return self._key_of(certificate)

    def _fetch(self, url: str) -> x509.Certificate:
        try:
            pem = self._certificates.fetch(url)
        except CertificateUnavailable as error:
            raise DependencyUnavailable(f"SNS signing certificate unavailable: {error}") from error
        try:
            return x509.load_pem_x509_certificate(pem)
        except ValueError:
            raise SnsVerificationFailed("SigningCertURL does not hold a PEM certificate") from None

    def _key_of(self, certificate: x509.Certificate) -> rsa.RSAPublicKey:
        now = self._clock()
        if not certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc:
            raise SnsVerificationFailed("signing certificate is expired or not yet valid")
        key = certificate.public_key()
        if not isinstance(key, rsa.RSAPublicKey):
            raise SnsVerificationFailed("signing certificate does not hold an RSA key")
        return key
