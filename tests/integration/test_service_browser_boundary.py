"""Keyless loopback mode against a browser on another site, over real HTTP and WebSockets:
a DNS-rebound Host is refused, a foreign Origin can neither open a socket nor POST, and the
service's own origin (and the origins the operator lists) keep working."""

from __future__ import annotations

import json
import socket

import httpx
import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from entrypoints.container import build_container
from entrypoints.http.app import create_app
from entrypoints.settings import Settings
from tests.integration.service import serving_in_thread


@pytest.fixture(
    scope="module", params=[{}, {"allowed_origins": "https://app.example"}], ids=["default", "listed-origin"]
)
def service(request):
    settings = Settings(storage="memory", **request.param)
    app = create_app(build_container(settings.validate()), warm_up=False)
    with serving_in_thread(app) as port:
        yield port, request.param


def _greeting(port: int, host: str = "127.0.0.1", query: str = "", **options) -> dict:
    """A session's greeting; `host` is the name the client believes it reaches (the socket
    goes to loopback whatever it is, as after DNS rebinding)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    with connect(f"ws://{host}:{port}/notification{query}", sock=sock, open_timeout=5, **options) as ws:
        return json.loads(ws.recv(timeout=5))


def test_a_rebound_host_name_is_refused_and_loopback_names_are_answered(service):
    port, _ = service
    base = f"http://127.0.0.1:{port}"

    rebound = httpx.get(f"{base}/v1/jobs", headers={"Host": f"evil.example:{port}"})

    assert (rebound.status_code, rebound.json()["error"]) == (400, "invalid_host")
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", "localhost", f"[::1]:{port}"):
        assert httpx.get(f"{base}/v1/jobs", headers={"Host": host}).status_code == 200, host


def test_a_socket_from_a_foreign_origin_or_a_rebound_host_is_refused(service):
    port, _ = service
    with pytest.raises(InvalidStatus) as foreign:
        _greeting(port, origin="http://evil.example")
    with pytest.raises(InvalidStatus) as rebound:
        _greeting(port, host="evil.example")

    assert foreign.value.response.status_code == 403 and rebound.value.response.status_code == 403


def test_a_socket_from_the_services_own_origin_or_no_browser_opens_a_session(service):
    port, _ = service
    assert "session_id" in _greeting(port, origin=f"http://127.0.0.1:{port}")
    assert "session_id" in _greeting(port)  # not a browser: no Origin at all


def test_a_post_from_a_foreign_page_is_refused_before_the_upload_is_read(service):
    port, _ = service
    files = {"file": ("a.wav", b"RIFF....WAVE")}

    foreign = httpx.post(f"http://127.0.0.1:{port}/v1/jobs", files=files, headers={"Origin": "http://evil.example"})
    local = httpx.post(f"http://127.0.0.1:{port}/v1/jobs", files=files, headers={"Origin": f"http://127.0.0.1:{port}"})

    assert (foreign.status_code, foreign.json()["error"]) == (403, "forbidden_origin")
    assert local.status_code not in (400, 403)  # judged on its content (it is no audio)


def test_a_listed_origin_opens_sockets_and_reads_answers_by_cors(service):
    port, settings = service
    listed = "https://app.example"
    preflight = httpx.options(
        f"http://127.0.0.1:{port}/v1/jobs",
        headers={"Origin": listed, "Access-Control-Request-Method": "GET"},
    )
    read = httpx.get(f"http://127.0.0.1:{port}/v1/jobs", headers={"Origin": listed})

    if settings:
        assert "session_id" in _greeting(port, origin=listed)
        assert read.headers.get("access-control-allow-origin") == listed
        assert preflight.headers.get("access-control-allow-origin") == listed
    else:
        with pytest.raises(InvalidStatus):
            _greeting(port, origin=listed)
        assert "access-control-allow-origin" not in read.headers


def test_with_api_keys_any_host_and_origin_meets_the_key_check_instead():
    settings = Settings(storage="memory", api_keys="key-0123456789")
    app = create_app(build_container(settings.validate()), warm_up=False)
    with serving_in_thread(app) as port:
        response = httpx.get(
            f"http://127.0.0.1:{port}/v1/jobs",
            headers={"Host": "api.example", "Authorization": "Bearer key-0123456789"},
        )
        greeting = _greeting(port, "api.example", "?token=key-0123456789", origin="https://elsewhere.example")

    assert response.status_code == 200 and "session_id" in greeting
