"""A kept live stream becomes a completed job of its session; the session config parser."""

from __future__ import annotations

import pytest

from adapters.openai_compat.realtime_session import InvalidSession, SessionConfig
from application.errors import SessionNotFound
from application.live import TranscriptCompleted
from application.notifications import NotificationType
from application.use_cases import KeepLiveStream, KeepLiveStreamCommand, OpenSessionCommand
from domain.job import JobStatus
from domain.transcript import Segment, Transcript, Word


def utterance(text: str, offset: float) -> TranscriptCompleted:
    word = Word(0.2, 0.6, text.split()[0], 0.9)
    segment = Segment(0.1, 1.0, text, (word,))
    return TranscriptCompleted("item", Transcript.from_segments((segment,), language="en", duration=1.0), offset)


def keep_command(world, session_id: str, owner: str | None = None) -> KeepLiveStreamCommand:
    writer = world.storage.create()
    writer.write(b"RIFF....")
    return KeepLiveStreamCommand(
        session_id=session_id,
        owner=owner,
        audio=writer.commit(),
        audio_seconds=4.0,
        utterances=(utterance("Hello there.", 0.5), utterance("General Kenobi.", 2.5)),
    )


def test_a_kept_stream_is_a_completed_job_pushed_to_its_session(world):
    session = world.open_session.execute().session_id
    world.notifier.connected.add(session)
    keep = KeepLiveStream(world.jobs, world.sessions, world.complete)

    job = keep.execute(keep_command(world, session.value))

    assert job.status is JobStatus.COMPLETED and job.session_id == session and job.audio_seconds == 4.0
    [(to, pushed)] = world.notifier.pushed
    assert to == session and pushed.type is NotificationType.COMPLETED
    transcript = world.jobs.transcript(job.id)
    assert transcript.text == "Hello there. General Kenobi."
    assert [s.start for s in transcript.segments] == [0.6, 2.6]
    assert transcript.segments[1].words[0].start == 2.7


def test_another_keys_session_or_an_unknown_one_cannot_keep_a_stream(world):
    session = world.open_session.execute(OpenSessionCommand(owner="key-a")).session_id
    keep = KeepLiveStream(world.jobs, world.sessions, world.complete)

    for session_id, owner in ((session.value, "key-b"), ("not-a-session", "key-a")):
        with pytest.raises(SessionNotFound):
            keep.check(session_id, owner)
    assert keep.check(session.value, "key-a") == session


def test_the_beta_transcription_session_update_is_read_too():
    config = SessionConfig().updated(
        "transcription_session.update",
        {
            "input_audio_format": "g711_ulaw",
            "input_audio_transcription": {"model": "gpt-4o-transcribe", "language": "en", "prompt": "names"},
            "turn_detection": {"type": "server_vad", "silence_duration_ms": 700},
        },
    )

    assert (config.format_type, config.rate, config.model, config.language) == ("audio/pcmu", 8000, None, "en")
    assert config.vad is not None and config.vad.silence_duration_ms == 700 and config.vad.threshold == 0.5
    assert config.as_beta("sess_1")["input_audio_format"] == "g711_ulaw"


def test_an_update_changes_only_the_fields_it_names():
    config = SessionConfig().updated(
        "session.update", {"type": "transcription", "audio": {"input": {"transcription": {"model": "tiny.en"}}}}
    )
    config = config.updated("session.update", {"type": "transcription", "audio": {"input": {"turn_detection": None}}})

    assert config.model == "tiny.en" and config.vad is None and config.rate == 24000


@pytest.mark.parametrize(
    "session, param",
    [
        (
            {"type": "transcription", "audio": {"input": {"turn_detection": {"type": "semantic_vad"}}}},
            "session.audio.input.turn_detection.type",
        ),
        (
            {"type": "transcription", "audio": {"input": {"turn_detection": {"threshold": 2}}}},
            "session.audio.input.turn_detection.threshold",
        ),
        ({"type": "transcription", "voxrelay": {"keep": True}}, "session.voxrelay.session_id"),
        ("not an object", "session"),
    ],
)
def test_a_bad_session_names_the_field_at_fault(session, param):
    with pytest.raises(InvalidSession) as refused:
        SessionConfig().updated("session.update", session)
    assert refused.value.param == param
