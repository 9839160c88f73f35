"""SigningCertificates: the SNS certificates a verifier checks signatures with, fetched on
first use, kept by URL, and fetched within bounds a stream of hostile messages cannot push."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from adapters.aws.certificates import CertificateSource, CertificateUnavailable
from adapters.aws.sns_message import SnsVerificationFailed
from application.errors import DependencyUnavailable

DEFAULT_CERT_SUBJECT = "sns.amazonaws.com"  # the name on every certificate SNS signs with


class _FetchesBusy(DependencyUnavailable):
    """Every fetch slot is taken: says nothing about the URL, so it is not remembered."""


class SigningCertificates:
    """`public_key(url)` for a URL already checked on its face. A certificate is accepted when
    it parses, names `subject` in its CN or a SAN DNS name, and is valid now; accepted ones are
    cached by URL (the `cache_size` most recent). A URL whose fetch failed, or whose certificate
    was refused, answers the same for `failure_ttl_seconds` without being fetched again. At most
    `max_concurrent_fetches` fetches run at once: one more is an outage at once (SNS retries),
    so a certificate host that never answers holds that many threads and no more."""

    def __init__(
        self,
        source: CertificateSource,
        subject: str = DEFAULT_CERT_SUBJECT,
        cache_size: int = 64,
        failure_ttl_seconds: float = 30.0,
        max_concurrent_fetches: int = 4,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._source = source
        self._subject = subject.lower()
        self._cache_size = cache_size
        self._failure_ttl = failure_ttl_seconds
        self._slots = threading.BoundedSemaphore(max_concurrent_fetches)
        self._clock = clock
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._accepted: OrderedDict[str, x509.Certificate] = OrderedDict()
        self._failed: OrderedDict[str, tuple[float, type[Exception], str]] = OrderedDict()

    def public_key(self, url: str) -> rsa.RSAPublicKey:
        with self._lock:
            certificate = self._accepted.get(url)
            if certificate is not None:
                self._accepted.move_to_end(url)
            failed = self._failed.get(url)
        if certificate is None:
            if failed is not None and failed[0] > self._monotonic():
                raise failed[1](failed[2])  # failed a moment ago: not fetched again so soon
            try:
                certificate = self._fetch(url)
            except _FetchesBusy:
                raise
            except (DependencyUnavailable, SnsVerificationFailed) as error:
                until = self._monotonic() + self._failure_ttl
                self._remember(self._failed, url, (until, type(error), str(error)))
                raise
            self._remember(self._accepted, url, certificate)
        return self._key_of(certificate)

    def _remember(self, cache: OrderedDict[str, Any], url: str, value: Any) -> None:
        with self._lock:
            cache[url] = value
            cache.move_to_end(url)
            while len(cache) > self._cache_size:
                cache.popitem(last=False)
            if cache is self._accepted:
                self._failed.pop(url, None)

    def _fetch(self, url: str) -> x509.Certificate:
        if not self._slots.acquire(blocking=False):
            raise _FetchesBusy("too many SNS signing certificates are being fetched at once")
        try:
            pem = self._source.fetch(url)
        except CertificateUnavailable as error:
            raise DependencyUnavailable(f"SNS signing certificate unavailable: {error}") from error
        finally:
            self._slots.release()
        try:
            certificate = x509.load_pem_x509_certificate(pem)
        except ValueError:
            raise SnsVerificationFailed("SigningCertURL does not hold a PEM certificate") from None
        if self._subject not in _names_of(certificate):
            raise SnsVerificationFailed(f"signing certificate is not issued to {self._subject}")
        return certificate

    def _key_of(self, certificate: x509.Certificate) -> rsa.RSAPublicKey:
        now = self._clock()
        if not certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc:
            raise SnsVerificationFailed("signing certificate is expired or not yet valid")
        key = certificate.public_key()
        if not isinstance(key, rsa.RSAPublicKey):
            raise SnsVerificationFailed("signing certificate does not hold an RSA key")
        return key


def _names_of(certificate: x509.Certificate) -> set[str]:
    """The certificate's subject CN and its SAN DNS names, lowercased."""
    names = {
        str(attribute.value).lower() for attribute in certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    }
    try:
        san = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    except x509.ExtensionNotFound:
        return names
    return names | {name.lower() for name in san.value.get_values_for_type(x509.DNSName)}
