"""CertificateSourceContract: what every CertificateSource adapter promises (the static table
the unit suite uses; HttpsCertificateSource over real TLS on loopback in tests/integration).

A subclass provides the fixtures `source` and `publish`, a function (path, pem) -> url that
makes `pem` available at the returned https url. Not named test_* so it is collected only
through its subclasses.
"""

from __future__ import annotations

import pytest

from adapters.aws import CertificateUnavailable
from tests.unit.aws.signing_kit import TestSigner

PEM_PATH = "/SimpleNotificationService-0123456789abcdef.pem"


class CertificateSourceContract:
    @pytest.fixture
    def pem(self) -> bytes:
        return TestSigner().pem

    def test_a_published_certificate_is_fetched_byte_for_byte(self, source, publish, pem) -> None:
        assert source.fetch(publish(PEM_PATH, pem)) == pem

    def test_a_certificate_published_nowhere_is_unavailable(self, source, publish, pem) -> None:
        url = publish(PEM_PATH, pem)
        with pytest.raises(CertificateUnavailable):
            source.fetch(url.replace(PEM_PATH, "/SimpleNotificationService-ffffffffffffffff.pem"))
