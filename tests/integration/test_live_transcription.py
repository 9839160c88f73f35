"""Live transcription through the official `openai` SDK's realtime connection, against the
real service under uvicorn: two spoken sentences 1 s apart, with server VAD and with manual
commits, come back as deltas and two completed transcripts."""

from __future__ import annotations

import json
import threading
import time

import av
import httpx
import openai
import pytest
from websockets.sync.client import connect

from tests.integration.live_audio import chunks, paced, two_utterances, words
from tests.integration.service import RunningService, start_service
from tests.support.sockets import next_message

pytestmark = pytest.mark.slow
TRANSCRIPTION = "conversation.item.input_audio_transcription"


@pytest.fixture(scope="module")
def service(tmp_path_factory) -> RunningService:
    # Audio kept past the job's end, so the kept stream's recording can be checked.
    running = start_service(tmp_path_factory.mktemp("live") / "data", {"VOXRELAY_KEEP_AUDIO": "true"})
    yield running
    running.stop()


@pytest.fixture(scope="module")
def client(service) -> openai.OpenAI:
    return openai.OpenAI(api_key="unused", base_url=f"{service.http}/v1", websocket_base_url=f"{service.ws}/v1")


def session(turn_detection) -> dict:
    return {
        "type": "transcription",
        "audio": {
            "input": {
                "format": {"type": "audio/pcm", "rate": 24000},
                "transcription": {"model": "whisper-1", "language": "en"},
                "turn_detection": turn_detection,
            }
        },
    }


def collect(connection, until_completed: int, timeout: float = 90) -> list:
    events, completed = [], 0
    deadline = time.monotonic() + timeout
    while completed < until_completed:
        assert time.monotonic() < deadline, f"only {completed} completed in {timeout} s: {[e.type for e in events]}"
        event = connection.recv()
        events.append(event)
        assert event.type != "error", event
        completed += event.type == f"{TRANSCRIPTION}.completed"
    return events


def assert_two_sentences_heard(events) -> None:
    completed = [e for e in events if e.type == f"{TRANSCRIPTION}.completed"]
    assert len(completed) == 2
    first, second = (words(e.transcript) for e in completed)
    # tiny.en may hear "brown" as "round" in the drafts; the final then keeps what was sent.
    assert "fox" in first and "lazy dog" in first and "stella" not in first
    assert "please call" in second and "bring these things" in second and "fox" not in second
    deltas = [e for e in events if e.type == f"{TRANSCRIPTION}.delta"]
    assert deltas, "no delta came while the sentences were spoken"
    for item in completed:
        # Deltas only add words (no event retracts one): the words two greedy drafts agreed on.
        # `completed` is the final decode with the batch settings, which may hear one of them
        # otherwise ("round" for "brown"), so all but a word or so of those sent are in it.
        sent = words("".join(d.delta for d in deltas if d.item_id == item.item_id)).split()
        final = words(item.transcript).split()
        assert sum(word not in final for word in sent) <= max(1, len(sent) // 4), (sent, final)
    committed = [e.item_id for e in events if e.type == "input_audio_buffer.committed"]
    assert committed == [e.item_id for e in completed]


def test_server_vad_sends_deltas_and_one_completed_per_sentence(client):
    first, second = two_utterances()
    with client.realtime.connect(extra_query={"intent": "transcription"}) as connection:
        assert connection.recv().type == "session.created"
        connection.session.update(session=session({"type": "server_vad", "silence_duration_ms": 500}))
        assert connection.recv().type == "session.updated"

        def send() -> None:
            for piece in paced(chunks(first + second)):
                connection.input_audio_buffer.append(audio=piece)

        sender = threading.Thread(target=send)
        sender.start()
        events = collect(connection, until_completed=2)
        sender.join()

    assert_two_sentences_heard(events)
    kinds = [e.type for e in events]
    assert kinds.count("input_audio_buffer.speech_started") == 2
    assert kinds.count("input_audio_buffer.speech_stopped") == 2
    started = [e for e in events if e.type == "input_audio_buffer.speech_started"]
    assert started[0].audio_start_ms < 1000 and 4500 < started[1].audio_start_ms < 6000
    completed = [e for e in events if e.type == f"{TRANSCRIPTION}.completed"]
    timed = completed[1].model_extra["voxrelay"]["words"]
    assert timed[0]["start"] > 4.5 and all(0 <= w["confidence"] <= 1 for w in timed)


def test_manual_commits_end_each_utterance(client):
    first, second = two_utterances()
    with client.realtime.connect(extra_query={"intent": "transcription"}) as connection:
        connection.recv()
        connection.session.update(session=session(None))
        updated = connection.recv()
        assert updated.type == "session.updated" and updated.session.audio.input.turn_detection is None

        def send() -> None:
            for part in (first, second):
                for piece in paced(chunks(part), speed=2.0):
                    connection.input_audio_buffer.append(audio=piece)
                connection.input_audio_buffer.commit()

        sender = threading.Thread(target=send)
        sender.start()
        events = collect(connection, until_completed=2)
        sender.join()

    assert_two_sentences_heard(events)
    assert not any(e.type == "input_audio_buffer.speech_started" for e in events)


def test_a_kept_stream_becomes_a_job_pushed_to_its_notification_session(service):
    first, second = two_utterances()
    with connect(f"{service.ws}/notification") as notifications:
        session_id = json.loads(notifications.recv(timeout=10))["session_id"]
        with connect(f"{service.ws}/v1/realtime?intent=transcription") as live:
            assert json.loads(live.recv(timeout=10))["type"] == "session.created"
            keep = session({"type": "server_vad"}) | {"voxrelay": {"session_id": session_id, "keep": True}}
            live.send(json.dumps({"type": "session.update", "session": keep}))
            updated = json.loads(live.recv(timeout=10))
            assert updated["type"] == "session.updated" and updated["session"]["voxrelay"]["keep"] is True
            for piece in paced(chunks(first + second), speed=2.0):
                live.send(json.dumps({"type": "input_audio_buffer.append", "audio": piece}))
            completed = 0
            while completed < 2:
                event = json.loads(live.recv(timeout=60))
                assert event["type"] != "error", event
                completed += event["type"] == f"{TRANSCRIPTION}.completed"
        pushed = next_message(notifications, timeout=60)

    assert pushed["type"] == "job.completed"
    heard = words(pushed["transcript"]["text"])
    assert "fox" in heard and "lazy dog" in heard and "bring these things" in heard
    segments = pushed["transcript"]["segments"]
    assert segments[-1]["start"] > 4.5  # the second sentence keeps its place in the stream
    job_id = pushed["job_id"]
    listed = httpx.get(f"{service.http}/v1/jobs", params={"session_id": session_id}).json()
    assert [job["id"] for job in listed["jobs"]] == [job_id] and listed["jobs"][0]["status"] == "COMPLETED"
    subtitles = httpx.get(f"{service.http}/v1/jobs/{job_id}/transcript", params={"format": "srt"}).text
    assert "-->" in subtitles and "fox" in subtitles.lower()
    seconds = (len(first) + len(second)) / 2 / 24000
    [stored] = service.stored_audio()  # the only audio this service keeps: the stream's
    with av.open(str(stored)) as recording:
        samples = sum(frame.samples for frame in recording.decode(audio=0))
    assert abs(samples / 16000 - seconds) < 0.1
