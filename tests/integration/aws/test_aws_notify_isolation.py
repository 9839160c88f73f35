"""/notify under a flood of unsigned messages whose certificate host never answers, served by
uvicorn: the other routes keep answering, because certificate fetches have a bound of their
own and /notify runs in threads of its own, not in the pool the rest of the API shares."""

from __future__ import annotations

import base64
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from dependency_injector import providers
from moto import mock_aws

from entrypoints.container import build_container
from entrypoints.http.app import create_app
from entrypoints.settings import Settings
from tests.integration.service import serving_in_thread
from tests.unit.aws.signing_kit import TOPIC, notification

FLOOD = 40  # anyio's shared pool holds 40 threads: on the old code, every one of them


class SilentCertificateHost:
    """A certificate host that accepts the request and never answers (until the test ends)."""

    def __init__(self) -> None:
        self.stop = threading.Event()
        self.fetched: list[str] = []

    def fetch(self, url: str) -> bytes:
        self.fetched.append(url)
        self.stop.wait(60)
        raise RuntimeError("the test is over")


@pytest.fixture
def service(monkeypatch):
    for name in ("AWS_ENDPOINT_URL", "AWS_PROFILE", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    with mock_aws():
        import boto3

        s3 = boto3.client("s3", region_name="us-east-1")
        for bucket in ("voxrelay-in", "voxrelay-out"):
            s3.create_bucket(Bucket=bucket)
        settings = Settings(
            storage="s3", transcriber="aws", s3_input_bucket="voxrelay-in", s3_output_bucket="voxrelay-out",
            sns_topic_arns=TOPIC, rate_limit_per_minute=0,
        )  # fmt: skip
        container = build_container(settings.validate())
        host = SilentCertificateHost()
        container.certificate_source.override(providers.Object(host))
        try:
            with serving_in_thread(create_app(container)) as port:
                yield f"http://127.0.0.1:{port}", host
        finally:
            host.stop.set()


def _unsigned(n: int) -> bytes:
    fields = notification(
        SignatureVersion="2",
        SigningCertURL=f"https://sns.us-east-1.amazonaws.com/SimpleNotificationService-{n:032x}.pem",
        Signature=base64.b64encode(b"\0" * 256).decode(),
    )
    return json.dumps(fields).encode()


def test_a_silent_certificate_host_neither_stalls_other_routes_nor_is_asked_more_than_a_few_times(service):
    base, host = service
    with ThreadPoolExecutor(FLOOD) as pool:
        posts = [pool.submit(httpx.post, f"{base}/notify", content=_unsigned(n), timeout=90) for n in range(FLOOD)]
        # Those past the fetch bound are answered at once; the few in it wait on the host,
        # which answers nobody for 60 s: wait (however loaded the machine) for the others.
        deadline = time.monotonic() + 45
        while sum(post.done() for post in posts) < FLOOD - 8 and time.monotonic() < deadline:
            time.sleep(0.05)
        # Asked while every fetch slot is held by a host that has not answered: with a timeout
        # shorter than the host's silence, an answer means the route did not wait on it.
        listing = httpx.get(f"{base}/v1/jobs", timeout=30)
        fetched_while_blocked = len(host.fetched)
        refused = [post.result().status_code for post in posts if post.done()]
        host.stop.set()

    assert listing.status_code == 200
    assert fetched_while_blocked <= 4  # the fetch bound; the others were answered at once
    assert len(refused) >= FLOOD - 8 and set(refused) == {503}
