"""BrowserBoundary: what each mode answers by default, and what the operator's lists change."""

import pytest

from entrypoints.http.browser_boundary import BrowserBoundary, host_name


@pytest.mark.parametrize(
    "header, name",
    [
        ("localhost:8000", "localhost"),
        ("[::1]:8000", "::1"),
        ("[::1]", "::1"),
        ("Example.COM", "example.com"),
        ("::1", "::1"),
    ],
)
def test_host_names_lose_their_port_and_case(header, name):
    assert host_name(header) == name


def test_keyless_mode_answers_loopback_names_and_its_own_origin_only():
    boundary = BrowserBoundary.from_settings("", "", keyless=True)

    assert all(boundary.allows_host(h) for h in ("127.0.0.1:8000", "localhost", "[::1]:80", None))
    assert not boundary.allows_host("evil.example:8000")
    assert not boundary.allows_host("127.0.0.1.evil.example")
    assert boundary.allows_origin("http://127.0.0.1:8000", "127.0.0.1:8000")
    assert boundary.allows_origin(None, "127.0.0.1:8000")  # not a browser
    for foreign in ("http://evil.example", "null", "http://127.0.0.1:9999", "file://"):
        assert not boundary.allows_origin(foreign, "127.0.0.1:8000"), foreign
    assert boundary.cors() is None


def test_keyed_mode_and_open_access_leave_the_host_to_the_operator():
    assert BrowserBoundary.from_settings("", "", keyless=False).allows_host("api.example")
    assert BrowserBoundary.from_settings("", "", keyless=False).allows_origin("https://x.example", "api.example")
    assert BrowserBoundary.from_settings("", "", keyless=True, open_access=True).allows_host("api.example")


def test_listed_hosts_and_origins_replace_the_defaults_and_drive_cors():
    boundary = BrowserBoundary.from_settings("voice.example, LOCALHOST", "https://app.example/", keyless=False)

    assert boundary.allows_host("voice.example:443") and boundary.allows_host("localhost")
    assert not boundary.allows_host("127.0.0.1")
    assert boundary.allows_origin("https://app.example", "voice.example")
    assert not boundary.allows_origin("https://other.example", "voice.example")
    assert boundary.cors().allow_origins == ["https://app.example"]


def test_a_star_allows_any():
    boundary = BrowserBoundary.from_settings("*", "*", keyless=True)
    assert boundary.allows_host("anything.example") and boundary.allows_origin("https://x.example", "y")
    assert boundary.cors().allow_origins == ["*"]
