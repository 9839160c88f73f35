"""SpeakerLabellingTranscriber runs the diarizer while the engine transcribes, each on its
own copy of the job's audio, and joins the two only when both are done."""

from __future__ import annotations

import io
import threading

import pytest

from adapters.memory import ScriptedDiarizer, ScriptedTranscriber
from application import background_diarization
from application.errors import SpeakersUnavailable, TranscriptionFailed
from application.speaker_labelling import SpeakerLabellingTranscriber
from domain.speakers import SpeakerTurn
from domain.transcript import TranscriptionOptions
from tests.unit.conftest import SPEECH

TURNS = (SpeakerTurn(0.0, 0.95, "SPEAKER_04"), SpeakerTurn(0.95, 2.0, "SPEAKER_01"))
SPEAKERS = TranscriptionOptions(speakers=True)
WAIT = 10.0  # seconds a thread waits for the other before the test gives up on it


def test_the_diarizer_listens_while_the_engine_is_still_transcribing():
    engine, diarizer = ScriptedTranscriber("one two three four"), ScriptedDiarizer(TURNS)
    diarizing = threading.Event()
    diarizer.on_call = diarizing.set
    heard_while_transcribing: list[bool] = []
    engine.on_call = lambda: heard_while_transcribing.append(diarizing.wait(WAIT))

    transcript = SpeakerLabellingTranscriber(engine, diarizer).transcribe(io.BytesIO(SPEECH), SPEAKERS)

    assert heard_while_transcribing == [True]
    assert transcript.speakers == ("Speaker 1", "Speaker 2")


def test_the_engine_and_the_diarizer_each_hear_the_whole_audio_from_its_start():
    engine, diarizer = ScriptedTranscriber("one two three four"), ScriptedDiarizer(TURNS)
    audio = io.BytesIO(SPEECH)
    audio.seek(len(SPEECH) // 2)  # a stream someone has already read from

    SpeakerLabellingTranscriber(engine, diarizer).transcribe(audio, SPEAKERS)

    assert engine.calls[0][0] == SPEECH and diarizer.heard == [SPEECH]


def test_a_job_not_asking_for_speakers_is_not_diarized():
    engine, diarizer = ScriptedTranscriber("one two"), ScriptedDiarizer(TURNS)

    transcript = SpeakerLabellingTranscriber(engine, diarizer).transcribe(io.BytesIO(SPEECH), TranscriptionOptions())

    assert diarizer.heard == [] and transcript.speakers == ()


def test_a_diarizer_that_refuses_fails_the_job_with_its_reason():
    class Refusing(ScriptedDiarizer):
        def diarize(self, audio, stop=None):
            raise SpeakersUnavailable("install the speakers extra")

    labelling = SpeakerLabellingTranscriber(ScriptedTranscriber("one two"), Refusing())

    with pytest.raises(TranscriptionFailed, match="install the speakers extra"):
        labelling.transcribe(io.BytesIO(SPEECH), SPEAKERS)


def test_in_a_batch_only_the_clips_asking_for_speakers_are_diarized_each_with_its_own_audio():
    engine, diarizer = ScriptedTranscriber("one two three four"), ScriptedDiarizer(TURNS)
    other = SPEECH[:-2]
    items = [
        (io.BytesIO(SPEECH), SPEAKERS),
        (io.BytesIO(b"x" + SPEECH), TranscriptionOptions()),
        (io.BytesIO(other), SPEAKERS),
    ]

    results = SpeakerLabellingTranscriber(engine, diarizer).transcribe_many(items)

    assert sorted(diarizer.heard) == sorted([SPEECH, other])
    assert [r.speakers for r in results] == [("Speaker 1", "Speaker 2"), (), ("Speaker 1", "Speaker 2")]


def test_where_both_models_do_not_fit_together_the_diarizer_hears_the_job_after_the_engine():
    engine, diarizer = ScriptedTranscriber("one two three four"), ScriptedDiarizer(TURNS)
    transcribed_before_diarizing: list[int] = []
    diarizer.on_call = lambda: transcribed_before_diarizing.append(len(engine.calls))
    asked: list[list[TranscriptionOptions]] = []

    def never_fit(options) -> bool:
        asked.append(list(options))
        return False

    labelling = SpeakerLabellingTranscriber(engine, diarizer, fit_together=never_fit)
    one = labelling.transcribe(io.BytesIO(SPEECH), SPEAKERS)
    many = labelling.transcribe_many([(io.BytesIO(SPEECH), SPEAKERS), (io.BytesIO(SPEECH), TranscriptionOptions())])

    assert transcribed_before_diarizing == [1, 3] and diarizer.heard == [SPEECH, SPEECH]
    assert asked == [[SPEAKERS], [SPEAKERS]]
    assert one.speakers == many[0].speakers == ("Speaker 1", "Speaker 2") and many[1].speakers == ()


def test_the_diarizer_s_copy_of_a_long_upload_is_not_held_in_memory(monkeypatch):
    monkeypatch.setattr(background_diarization, "SPOOLED_IN_MEMORY", len(SPEECH) // 4)
    diarizer, in_memory = ScriptedDiarizer(TURNS), []
    labelling = SpeakerLabellingTranscriber(ScriptedTranscriber("one two three four"), diarizer)
    real_diarize = diarizer.diarize

    def diarize(audio, stop):
        in_memory.append(isinstance(audio._file, io.BytesIO))  # SpooledTemporaryFile's own buffer
        return real_diarize(audio, stop)

    diarizer.diarize = diarize  # type: ignore[method-assign]
    labelling.transcribe(io.BytesIO(SPEECH), SPEAKERS)

    assert in_memory == [False] and diarizer.heard == [SPEECH]
