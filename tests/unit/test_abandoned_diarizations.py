"""A labelled job whose engine fails, or that is cancelled, abandons its diarization: not
started, it never runs; running, it is told to stop; whatever it ends with is logged at
debug while the job reports the engine's failure. An exit does not wait for diarizations."""

from __future__ import annotations

import io
import logging
import threading

import pytest

from adapters.memory import ScriptedDiarizer, ScriptedTranscriber
from application.errors import TranscriptionFailed
from application.speaker_labelling import SpeakerLabellingTranscriber
from domain.speakers import SpeakerTurn
from domain.transcript import TranscriptionOptions
from tests.unit.conftest import SPEECH

TURNS = (SpeakerTurn(0.0, 0.95, "SPEAKER_04"), SpeakerTurn(0.95, 2.0, "SPEAKER_01"))
SPEAKERS = TranscriptionOptions(speakers=True)
WAIT = 10.0  # seconds a thread waits for the other before the test gives up on it


class Cancelled(Exception):
    """What a job's progress callback raises once the job is cancelled."""


def _engine_failing_once_diarizing(diarizing: threading.Event, failure: Exception) -> ScriptedTranscriber:
    engine = ScriptedTranscriber("one two three four")

    def fail() -> None:
        diarizing.wait(WAIT)
        raise failure

    engine.on_call = fail
    return engine


@pytest.mark.parametrize("failure", [TranscriptionFailed("the engine broke"), Cancelled()])
def test_a_running_diarization_is_told_to_stop_when_the_engine_fails_or_the_job_is_cancelled(failure):
    diarizer, diarizing, ended = ScriptedDiarizer(TURNS), threading.Event(), threading.Event()
    told_to_stop: list[bool] = []

    def listen() -> None:
        diarizing.set()
        told_to_stop.append(diarizer.stops[-1].wait(WAIT))  # type: ignore[attr-defined]
        ended.set()

    diarizer.on_call = listen
    labelling = SpeakerLabellingTranscriber(_engine_failing_once_diarizing(diarizing, failure), diarizer)

    with pytest.raises(type(failure)):
        labelling.transcribe(io.BytesIO(SPEECH), SPEAKERS)

    assert ended.wait(WAIT) and told_to_stop == [True]


def test_a_diarization_still_waiting_when_its_engine_fails_never_runs():
    engine, diarizer = ScriptedTranscriber("one two three four"), ScriptedDiarizer(TURNS)
    first_listening, release = threading.Event(), threading.Event()
    test_thread, failures = threading.current_thread(), ["the engine broke"]

    def hold_the_first() -> None:
        if len(diarizer.heard) == 1:
            first_listening.set()
            release.wait(WAIT)

    def fail_the_second() -> None:
        if threading.current_thread() is test_thread and failures:
            raise TranscriptionFailed(failures.pop())

    diarizer.on_call, engine.on_call = hold_the_first, fail_the_second
    labelling = SpeakerLabellingTranscriber(engine, diarizer)
    first = threading.Thread(target=labelling.transcribe, args=(io.BytesIO(SPEECH), SPEAKERS))
    first.start()
    assert first_listening.wait(WAIT)

    with pytest.raises(TranscriptionFailed, match="the engine broke"):
        labelling.transcribe(io.BytesIO(SPEECH[:-2]), SPEAKERS)
    release.set()
    first.join(WAIT)
    labelling.transcribe(io.BytesIO(b"x" + SPEECH), SPEAKERS)  # after the abandoned one, had it run

    assert diarizer.heard == [SPEECH, b"x" + SPEECH]


def test_what_an_abandoned_diarization_ends_with_is_logged_at_debug_not_reported(caplog):
    diarizing = threading.Event()

    class FailingOnceStopped(ScriptedDiarizer):
        def diarize(self, audio, stop=None):
            if self.heard:
                return super().diarize(audio, stop)
            self.heard.append(audio.read())
            diarizing.set()
            stop.wait(WAIT)
            raise TranscriptionFailed("the diarizer broke too")

    engine = _engine_failing_once_diarizing(diarizing, TranscriptionFailed("the engine broke"))
    labelling = SpeakerLabellingTranscriber(engine, FailingOnceStopped(TURNS))
    with caplog.at_level(logging.DEBUG, logger="application.background_diarization"):
        with pytest.raises(TranscriptionFailed, match="the engine broke"):
            labelling.transcribe(io.BytesIO(SPEECH), SPEAKERS)
        engine.on_call = None
        labelling.transcribe(io.BytesIO(SPEECH), SPEAKERS)  # heard after the abandoned one ended

    assert [(r.levelno, r.getMessage()) for r in caplog.records] == [
        (logging.DEBUG, "an abandoned diarization failed: the diarizer broke too")
    ]


def test_diarizations_run_one_at_a_time_on_a_thread_an_exit_does_not_wait_for():
    diarizer, threads = ScriptedDiarizer(TURNS), []
    diarizer.on_call = lambda: threads.append(threading.current_thread())
    labelling = SpeakerLabellingTranscriber(ScriptedTranscriber("one two three four"), diarizer)

    for _ in range(3):
        labelling.transcribe(io.BytesIO(SPEECH), SPEAKERS)

    assert len(set(threads)) == 1 and threads[0].daemon
