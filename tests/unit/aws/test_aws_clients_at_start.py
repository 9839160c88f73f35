"""Before the first request, the app has made the boto3 clients its configuration uses, and
made them on a worker thread: made by a request instead, each would stall the event loop
while boto3 loads it. A configuration that uses no AWS makes none (moto in process)."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import boto3
import fakeredis
import pytest
from dependency_injector import providers
from litestar.testing import TestClient

from adapters.memory import ScriptedTranscriber
from entrypoints.container import build_container
from entrypoints.http.app import create_app
from entrypoints.settings import Settings
from tests.unit.aws.conftest import INPUT_BUCKET, OUTPUT_BUCKET
from tests.unit.aws.signing_kit import TOPIC


def _on_an_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


@pytest.fixture
def clients_made(aws, monkeypatch) -> list[tuple[str, bool]]:
    """(service, made on an event loop) of every boto3 client made from here on."""
    made: list[tuple[str, bool]] = []
    make = boto3.session.Session.client

    def recording(self, service_name, *args, **kwargs):
        made.append((service_name, _on_an_event_loop()))
        return make(self, service_name, *args, **kwargs)

    monkeypatch.setattr(boto3.session.Session, "client", recording)
    return made


def _on_fakeredis(container) -> None:
    server = fakeredis.FakeServer()

    async def async_client():
        yield fakeredis.aioredis.FakeRedis(server=server)

    container.redis_client.override(providers.Object(fakeredis.FakeRedis(server=server)))
    container.redis_async_client.override(providers.Resource(async_client))


def _started(settings: Settings):
    container = build_container(settings.validate())
    container.transcriber.override(providers.Object(ScriptedTranscriber()))
    return container, TestClient(create_app(container, warm_up=False), base_url="http://127.0.0.1")


def test_aws_mode_has_its_s3_and_transcribe_clients_before_the_first_request(clients_made):
    container, client = _started(
        Settings(
            storage="s3",
            transcriber="aws",
            s3_input_bucket=INPUT_BUCKET,
            s3_output_bucket=OUTPUT_BUCKET,
            sns_topic_arns=TOPIC,
        )
    )
    with client:
        assert container.s3_client.initialized and container.transcribe_client.initialized
        assert sorted(clients_made) == [("s3", False), ("transcribe", False)]


@pytest.mark.parametrize("state", ["memory", "redis"])
def test_s3_storage_with_whisper_has_its_s3_client_and_no_other(clients_made, state):
    # In redis state without a worker or a purger (an API-only replica keeping jobs for good),
    # nothing but a request would otherwise make the S3 client.
    settings = Settings(storage="s3", s3_input_bucket=INPUT_BUCKET, state=state, worker=False)
    container, client = _started(replace(settings, job_retention_seconds=0))
    if state == "redis":
        _on_fakeredis(container)
    with client:
        assert container.s3_client.initialized and not container.transcribe_client.initialized
        assert clients_made == [("s3", False)]


def test_a_configuration_without_aws_makes_no_client(clients_made):
    container, client = _started(Settings(storage="memory"))
    with client:
        assert clients_made == []
    assert not container.s3_client.initialized and not container.transcribe_client.initialized
