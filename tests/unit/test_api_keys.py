import hashlib

import pytest

from entrypoints.http.api_keys import ApiKeyRing
from entrypoints.serve import refuse_open_access
from entrypoints.settings import Settings


def test_a_configured_key_is_known_by_a_short_id_and_others_are_not():
    ring = ApiKeyRing("alpha-key, beta-key")
    alpha = ring.identify("alpha-key")
    assert alpha and len(alpha) == 16 and "alpha" not in alpha
    assert ring.identify("beta-key") not in (None, alpha)
    assert ring.identify("gamma-key") is None
    assert ring.identify("") is None and ring.identify(None) is None


def test_a_key_can_be_configured_by_its_hash_alone():
    digest = hashlib.sha256(b"secret-key").hexdigest()
    ring = ApiKeyRing(f"sha256:{digest}")
    assert ring.identify("secret-key") == ApiKeyRing("secret-key").identify("secret-key")


def test_a_malformed_hash_entry_is_refused():
    with pytest.raises(ValueError, match="64 hex digits"):
        ApiKeyRing("sha256:nothex")


def test_no_keys_means_authentication_is_off():
    assert not ApiKeyRing(" , ").enabled


@pytest.mark.parametrize(
    "settings, refused",
    [
        (Settings(host="127.0.0.1"), False),
        (Settings(host="::1"), False),
        (Settings(host="0.0.0.0"), True),
        (Settings(host="0.0.0.0", api_keys="k"), False),
        (Settings(host="0.0.0.0", allow_open_access=True), False),
    ],
)
def test_a_public_address_without_keys_is_refused_unless_allowed(settings, refused):
    assert (refuse_open_access(settings) is not None) is refused
