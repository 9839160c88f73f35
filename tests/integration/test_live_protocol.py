"""WS /v1/realtime with a plain `websockets` client: errors in OpenAI's shape that leave the
socket open, the three ways to authenticate, the caps, the idle timeout, and a replica
without a model refusing live streams."""

from __future__ import annotations

import base64
import json

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.integration.redis_processes import redis_env
from tests.integration.service import RunningService, start_service
from tests.redis_server import redis_server_fixture

pytestmark = pytest.mark.slow
KEYS = ("key-one", "key-two", "key-three")
live_redis = redis_server_fixture("live_redis")


@pytest.fixture(scope="module")
def service(tmp_path_factory) -> RunningService:
    env = {
        "VOXRELAY_API_KEYS": ",".join(KEYS),
        "VOXRELAY_LIVE_MAX_STREAMS": "2",
        "VOXRELAY_LIVE_MAX_STREAMS_PER_KEY": "1",
        "VOXRELAY_LIVE_IDLE_SECONDS": "3",
    }
    running = start_service(tmp_path_factory.mktemp("live-protocol") / "data", env)
    yield running
    running.stop()


def url(service: RunningService, query: str = "") -> str:
    return f"{service.ws}/v1/realtime?intent=transcription{query}"


def receive(ws, timeout: float = 10) -> dict:
    return json.loads(ws.recv(timeout=timeout))


def opened(service: RunningService, key: str = KEYS[0]):
    ws = connect(url(service), additional_headers={"Authorization": f"Bearer {key}"})
    assert receive(ws)["type"] == "session.created"
    return ws


def error_of(ws, event: dict) -> dict:
    ws.send(json.dumps(event))
    answer = receive(ws)
    assert answer["type"] == "error", answer
    return answer["error"]


def still_open(ws) -> bool:
    ws.send(json.dumps({"type": "input_audio_buffer.clear"}))
    return receive(ws)["type"] == "input_audio_buffer.cleared"


def closed_with(ws) -> int:
    with pytest.raises(ConnectionClosed) as closed:
        while True:
            ws.recv(timeout=10)
    return closed.value.rcvd.code


def test_an_unknown_event_type_is_an_error_that_names_it_and_keeps_the_socket(service):
    with opened(service) as ws:
        error = error_of(ws, {"type": "response.create", "event_id": "evt_1"})
        assert error["type"] == "invalid_request_error" and error["code"] == "invalid_event_type"
        assert "response.create" in error["message"] and error["event_id"] == "evt_1" and error["param"] == "type"
        assert still_open(ws)


def test_audio_that_is_not_base64_is_an_error(service):
    with opened(service) as ws:
        error = error_of(ws, {"type": "input_audio_buffer.append", "audio": "not base64!"})
        assert error["code"] == "invalid_base64" and error["param"] == "audio"
        assert still_open(ws)


def test_a_format_the_service_cannot_read_is_an_error_and_the_session_keeps_its_own(service):
    with opened(service) as ws:
        update = {
            "type": "session.update",
            "session": {"type": "transcription", "audio": {"input": {"format": {"type": "audio/flac"}}}},
        }
        error = error_of(ws, update)
        assert error["code"] == "invalid_value" and error["param"] == "session.audio.input.format.type"
        odd_rate = {
            "type": "session.update",
            "session": {"type": "transcription", "audio": {"input": {"format": {"type": "audio/pcm", "rate": 12345}}}},
        }
        assert error_of(ws, odd_rate)["param"] == "session.audio.input.format.rate"
        conversation = {"type": "session.update", "session": {"type": "realtime"}}
        assert error_of(ws, conversation)["param"] == "session.type"
        ws.send(json.dumps({"type": "session.update", "session": {"type": "transcription"}}))
        assert receive(ws)["session"]["audio"]["input"]["format"] == {"type": "audio/pcm", "rate": 24000}


def test_an_unknown_model_is_an_error_listing_none_of_it(service):
    with opened(service) as ws:
        update = {
            "type": "session.update",
            "session": {"type": "transcription", "audio": {"input": {"transcription": {"model": "no-such-model"}}}},
        }
        error = error_of(ws, update)
        assert error["code"] == "unknown_model" and "no-such-model" in error["message"]


def test_an_append_too_large_for_one_event_is_an_error(service):
    with opened(service) as ws:
        big = base64.b64encode(bytes(600 * 1024)).decode()  # 800 KiB of base64
        error = error_of(ws, {"type": "input_audio_buffer.append", "audio": big})
        assert error["code"] == "audio_too_large" and error["param"] == "audio"
        assert still_open(ws)


def test_audio_sent_far_ahead_of_real_time_is_refused(service):
    with opened(service) as ws:
        second = base64.b64encode(bytes(48000)).decode()  # 1 s at 24 kHz
        for _ in range(10):
            ws.send(json.dumps({"type": "input_audio_buffer.append", "audio": second}))
        error = error_of(ws, {"type": "input_audio_buffer.append", "audio": second})
        assert error["code"] == "input_audio_buffer_ahead_of_real_time"
        assert still_open(ws)


def test_committing_an_empty_buffer_is_an_error(service):
    with opened(service) as ws:
        error = error_of(ws, {"type": "input_audio_buffer.commit"})
        assert error["code"] == "input_audio_buffer_commit_empty"


def test_a_key_is_accepted_as_a_bearer_header_a_token_query_or_a_subprotocol(service):
    ways = [
        lambda: connect(url(service), additional_headers={"Authorization": f"Bearer {KEYS[0]}"}),
        lambda: connect(url(service, f"&token={KEYS[1]}")),
        lambda: connect(url(service), subprotocols=["realtime", f"openai-insecure-api-key.{KEYS[2]}"]),
    ]
    for way in ways:  # one after the other: the process runs two at most
        with way() as ws:
            assert receive(ws)["type"] == "session.created"
            protocol = ws.subprotocol
    assert protocol == "realtime"


def test_without_a_valid_key_the_stream_is_refused_with_4401(service):
    for ws in (connect(url(service)), connect(url(service, "&token=wrong"))):
        with ws:
            error = receive(ws)["error"]
            assert error["code"] == "invalid_api_key" and error["type"] == "authentication_error"
            assert closed_with(ws) == 4401


def test_a_key_over_its_live_streams_and_a_full_process_get_4429(service):
    with opened(service, KEYS[0]):
        with connect(url(service), additional_headers={"Authorization": f"Bearer {KEYS[0]}"}) as second:
            error = receive(second)["error"]
            assert error["code"] == "too_many_live_streams" and "per API key" in error["message"]
            assert closed_with(second) == 4429
        with (
            opened(service, KEYS[1]),  # another key still gets one: two in all
            connect(url(service), additional_headers={"Authorization": f"Bearer {KEYS[2]}"}) as third,
        ):
            error = receive(third)["error"]
            assert error["code"] == "too_many_live_streams" and "at most 2" in error["message"]
            assert closed_with(third) == 4429
    with opened(service, KEYS[2]):  # slots come back when streams end
        pass


def test_a_stream_that_sends_nothing_is_closed_after_the_idle_time(service):
    with opened(service) as ws:
        answer = receive(ws, timeout=10)
        assert answer["type"] == "error" and answer["error"]["code"] == "idle_timeout"
        assert closed_with(ws) == 4408


def test_an_api_only_replica_refuses_live_streams(live_redis, tmp_path):
    api = start_service(tmp_path / "data", {**redis_env(live_redis.url), "VOXRELAY_WORKER": "false"})
    try:
        with connect(url(api)) as ws:
            error = receive(ws)["error"]
            assert error["code"] == "live_unavailable" and "--no-worker" in error["message"]
            assert closed_with(ws) == 4503
    finally:
        api.stop()
