"""The live session on scripted audio (tone = speech), a loudness detector and scripted decodes."""

from __future__ import annotations

import array

from adapters.memory.voice_activity import LoudnessVoiceActivity
from application.live import (
    LiveError,
    LiveSettings,
    LiveTranscription,
    SpeechStarted,
    SpeechStopped,
    TranscriptCompleted,
    TranscriptDelta,
    UtteranceCommitted,
    VadSettings,
)
from application.live.events import BufferCleared
from domain.transcript import Transcript
from tests.support.clocks import FakeClock

RATE = 16000


def loud(seconds: float) -> bytes:
    return array.array("h", [8000, -8000] * int(seconds * RATE / 2)).tobytes()


def quiet(seconds: float) -> bytes:
    return bytes(2 * int(seconds * RATE))


class Recording:
    def __init__(self) -> None:
        self.written = bytearray()

    def write(self, pcm: bytes) -> None:
        self.written += pcm

    def finish(self):
        raise NotImplementedError

    def abort(self) -> None:
        pass


def session(clock: FakeClock | None = None, recording=None, **settings) -> LiveTranscription:
    settings.setdefault("vad", VadSettings(prefix_padding_ms=100, silence_duration_ms=300))
    ids = iter(f"item_{n}" for n in range(100))
    return LiveTranscription(
        LiveSettings(**settings), LoudnessVoiceActivity(), clock or FakeClock(), recording, lambda: next(ids)
    )


def stream(live: LiveTranscription, clock: FakeClock, audio: bytes, chunk_seconds: float = 0.1) -> list:
    """Append at real-time pace, as a client would."""
    events, step = [], int(chunk_seconds * RATE) * 2
    for i in range(0, len(audio), step):
        clock.now += chunk_seconds
        events += live.append(audio[i : i + step])
    return events


def text(words: str) -> Transcript:
    return Transcript(words, "en", 1.0)


def test_server_vad_turns_two_utterances_into_two_committed_items():
    clock = FakeClock()
    live = session(clock)

    events = stream(live, clock, quiet(0.5) + loud(1.0) + quiet(1.0) + loud(0.8) + quiet(0.6))

    kinds = [type(e) for e in events]
    assert kinds == [SpeechStarted, SpeechStopped, UtteranceCommitted] * 2
    first_start, first_stop, first_commit, second_start = events[0], events[1], events[2], events[3]
    assert 380 <= first_start.audio_start_ms <= 420  # 100 ms of prefix before 0.5 s
    assert 1790 <= first_stop.audio_end_ms <= 1850  # 0.3 s of silence after 1.5 s
    assert first_commit.previous_item_id is None and events[5].previous_item_id == first_commit.item_id
    assert second_start.item_id != first_commit.item_id


def test_finals_come_before_drafts_and_one_decode_is_in_flight_at_a_time():
    clock = FakeClock()
    live = session(clock)
    stream(live, clock, loud(1.0) + quiet(0.4))  # committed
    stream(live, clock, loud(0.8))  # a second utterance growing

    first = live.next_decode()
    assert first is not None and first.final and 1.3 <= first.seconds <= 1.45
    assert live.next_decode() is None  # one in flight
    live.decoded(first, text("Hello there."))
    draft = live.next_decode()
    assert draft is not None and not draft.final and draft.item_id != first.item_id


def test_deltas_are_the_words_two_drafts_agree_on_and_completed_carries_the_final_decode():
    clock = FakeClock()
    live = session(clock, decode_interval_seconds=0.2)
    events = []
    for hypothesis in ("The quick", "The quick brown", "The quick brown fox"):
        stream(live, clock, loud(0.3))
        draft = live.next_decode()
        assert draft is not None and not draft.final
        events += live.decoded(draft, text(hypothesis))
    stream(live, clock, quiet(0.5))
    final = live.next_decode()
    events += live.decoded(final, text("The quick brown fox."))

    deltas = [e.delta for e in events if isinstance(e, TranscriptDelta)]
    assert deltas == ["The quick", " brown", " fox."]
    completed = events[-1]
    assert isinstance(completed, TranscriptCompleted) and completed.transcript.text == "The quick brown fox."
    assert live.completed == [completed]


def test_without_server_vad_the_client_commits_each_utterance():
    clock = FakeClock()
    live = session(clock, vad=None)

    assert stream(live, clock, loud(0.5) + quiet(0.5)) == []
    committed = live.commit()
    stream(live, clock, loud(0.5))
    second = live.commit()

    assert [type(e) for e in committed + second] == [UtteranceCommitted, UtteranceCommitted]
    first_job = live.next_decode()
    assert first_job.final and abs(first_job.seconds - 1.0) < 0.01
    live.decoded(first_job, text("one"))
    assert abs(live.next_decode().seconds - 0.5) < 0.01


def test_committing_less_than_100_ms_is_an_error_and_changes_nothing():
    clock = FakeClock()
    live = session(clock, vad=None)
    stream(live, clock, loud(0.05), chunk_seconds=0.05)

    [error] = live.commit()

    assert isinstance(error, LiveError) and error.code == "input_audio_buffer_commit_empty"
    assert live.next_decode() is None


def test_clear_drops_the_utterance_in_progress():
    clock = FakeClock()
    live = session(clock)
    stream(live, clock, loud(0.6))

    assert live.clear() == [BufferCleared()]
    assert live.next_decode() is None
    assert stream(live, clock, quiet(0.5)) == []  # no speech_stopped for the dropped one


def test_an_utterance_is_cut_at_the_maximum_length():
    clock = FakeClock()
    live = session(clock, max_utterance_seconds=2.0)

    events = stream(live, clock, loud(5.0))

    commits = [e for e in events if isinstance(e, UtteranceCommitted)]
    assert len(commits) == 2
    assert abs(live.next_decode().seconds - 2.0) < 0.05


def test_a_client_far_ahead_of_real_time_is_refused_and_its_chunk_dropped():
    clock, recording = FakeClock(), Recording()
    live = session(clock, recording=recording, max_ahead_seconds=2.0)

    accepted = live.append(quiet(1.5))
    [refused] = live.append(quiet(1.0))
    clock.now = 1.0
    later = live.append(quiet(1.0))

    assert accepted == [] and later == []
    assert refused.code == "input_audio_buffer_ahead_of_real_time" and not refused.fatal
    assert len(recording.written) == 2 * int(2.5 * RATE)


def test_past_the_maximum_stream_length_the_stream_ends_with_its_last_utterance_committed():
    clock = FakeClock()
    live = session(clock, max_stream_seconds=1.0)
    stream(live, clock, loud(0.9))

    [refused] = live.append(loud(0.2))
    final_events = live.finish()

    assert refused.code == "stream_too_long" and refused.fatal
    assert [type(e) for e in final_events] == [UtteranceCommitted]
    assert live.next_decode().final


def test_the_audio_held_between_utterances_is_only_a_prefix():
    clock = FakeClock()
    live = session(clock)

    stream(live, clock, quiet(20.0))

    assert live._held.samples <= 1600 + 2048  # the 100 ms prefix and what the detector lags


def test_time_before_the_first_audio_earns_no_credit_ahead_of_real_time():
    clock = FakeClock()
    live = session(clock, max_ahead_seconds=2.0)
    clock.now = 60.0  # connected a minute ago, silent since

    [refused] = live.append(quiet(3.0))

    assert refused.code == "input_audio_buffer_ahead_of_real_time"


def test_finals_waiting_for_the_decoder_are_bounded():
    clock = FakeClock()
    live = session(clock, max_utterance_seconds=1.0, max_ahead_seconds=100.0)

    events = []
    for _ in range(5):
        clock.now += 1.0
        events += live.append(loud(1.0))  # a cut every second, and no decode runs

    refused = [e for e in events if isinstance(e, LiveError)]
    assert refused and refused[0].code == "transcription_backlog_full"
    assert sum(len(job.pcm) for job in live._decodes.finals) <= 2 * 3 * RATE
