"""Where SNS signing certificates come from: a port, so tests and emulators can swap it."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Protocol

import httpx


class CertificateUnavailable(Exception):
    """The certificate could not be had (network, TLS, size, not found)."""


class CertificateSource(Protocol):
    def fetch(self, url: str) -> bytes:
        """The PEM certificate published at `url` (already checked to be an allowed SNS URL).
        Raise CertificateUnavailable when it cannot be fetched."""
        ...


class StaticCertificateSource:
    """A fixed url -> PEM table; `fetched` records every request, for tests to inspect."""

    def __init__(self, certificates: Mapping[str, bytes] | None = None) -> None:
        self.certificates: dict[str, bytes] = dict(certificates or {})
        self.fetched: list[str] = []
        self._lock = threading.Lock()

    def add(self, url: str, pem: bytes) -> None:
        with self._lock:
            self.certificates[url] = pem

    def fetch(self, url: str) -> bytes:
        with self._lock:
            self.fetched.append(url)
            try:
                return self.certificates[url]
            except KeyError:
                raise CertificateUnavailable(f"no certificate known for {url}") from None


class HttpsCertificateSource:
    """GETs the PEM over https, verifying TLS with the default trust (which honours
    SSL_CERT_FILE / SSL_CERT_DIR when the source is created). No redirects are followed:
    a redirect would take the request off the host that was checked."""

    def __init__(
        self,
        timeout: float = 5.0,
        max_bytes: int = 64 * 1024,
        transport: httpx.BaseTransport | None = None,  # tests reach a loopback port through it
    ) -> None:
        self._max_bytes = max_bytes
        self._client = httpx.Client(timeout=timeout, follow_redirects=False, transport=transport)

    def fetch(self, url: str) -> bytes:
        if not url.startswith("https://"):
            raise CertificateUnavailable("certificates are only fetched over https")
        try:
            with self._client.stream("GET", url) as response:
                if response.status_code != 200:
                    raise CertificateUnavailable(f"{url} answered {response.status_code}")
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > self._max_bytes:
                        raise CertificateUnavailable(f"{url} is larger than {self._max_bytes} bytes")
        except httpx.HTTPError as error:
            raise CertificateUnavailable(f"could not fetch {url}: {type(error).__name__}") from error
        return bytes(body)

    def close(self) -> None:
        self._client.close()
