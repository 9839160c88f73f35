"""DiarizerContract: what every Diarizer adapter promises (ScriptedDiarizer, NoDiarizer,
TranscribeDiarizer, SenkoDiarizer), and the two ways an adapter honours `check`:

- ListeningDiarizerContract: `check` passes, so `diarize` must answer: speaker turns that
  lie inside the audio it was given (ScriptedDiarizer, SenkoDiarizer);
- RefusingDiarizerContract: `check` refuses with SpeakersUnavailable saying how to fix it,
  and `diarize` refuses the same way (NoDiarizer, TranscribeDiarizer not asked for speakers).

TranscribeDiarizer asked for speakers passes `check` yet refuses `diarize` (Transcribe labels
the speakers; no local engine calls it), so it takes only the common contract.

A subclass provides the fixtures `diarizer` and `recording` (a Recording: WAV bytes, its
length in seconds). Not named test_* so they are collected only through their subclasses.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest

from application.errors import SpeakersUnavailable, TranscriptionFailed
from application.ports import Diarizer
from domain.speakers import SpeakerTurn


@dataclass(frozen=True)
class Recording:
    wav: bytes
    seconds: float


def _check_outcome(diarizer: Diarizer) -> str | None:
    try:
        diarizer.check()
    except SpeakersUnavailable as refusal:
        return str(refusal)
    return None


class DiarizerContract:
    def test_check_passes_or_refuses_with_speakers_unavailable_saying_how_to_fix_it(self, diarizer) -> None:
        refusal = _check_outcome(diarizer)
        assert refusal is None or refusal.strip()

    def test_check_gives_the_same_answer_every_time(self, diarizer) -> None:
        first = _check_outcome(diarizer)
        diarizer.warm_up()
        assert _check_outcome(diarizer) == first
        assert _check_outcome(diarizer) == first

    def test_warming_up_twice_is_harmless(self, diarizer) -> None:
        diarizer.warm_up()
        diarizer.warm_up()

    def test_what_is_not_audio_is_answered_or_refused_with_a_reason_a_client_may_read(self, diarizer) -> None:
        try:
            turns = diarizer.diarize(io.BytesIO(b"this is not audio at all" * 100))
        except (TranscriptionFailed, SpeakersUnavailable) as refusal:
            assert str(refusal).strip()
        else:
            assert isinstance(turns, tuple)
            assert all(isinstance(turn, SpeakerTurn) for turn in turns)


class ListeningDiarizerContract(DiarizerContract):
    def test_check_passes(self, diarizer) -> None:
        diarizer.check()

    def test_the_turns_of_a_recording_are_speaker_turns_inside_it(self, diarizer, recording) -> None:
        turns = diarizer.diarize(io.BytesIO(recording.wav))
        assert isinstance(turns, tuple) and turns
        for turn in turns:
            assert isinstance(turn, SpeakerTurn)
            assert isinstance(turn.speaker, str) and turn.speaker
            assert 0 <= turn.start < turn.end <= recording.seconds + 0.05

    def test_the_same_recording_is_heard_the_same_way_twice(self, diarizer, recording) -> None:
        first = diarizer.diarize(io.BytesIO(recording.wav))
        again = diarizer.diarize(io.BytesIO(recording.wav))
        assert sorted(first, key=lambda t: (t.start, t.end)) == sorted(again, key=lambda t: (t.start, t.end))


class RefusingDiarizerContract(DiarizerContract):
    def test_check_refuses_with_a_reason(self, diarizer) -> None:
        with pytest.raises(SpeakersUnavailable) as refusal:
            diarizer.check()
        assert str(refusal.value).strip()

    def test_diarize_refuses_as_check_does(self, diarizer, recording) -> None:
        reason = _check_outcome(diarizer)
        with pytest.raises(SpeakersUnavailable) as refusal:
            diarizer.diarize(io.BytesIO(recording.wav))
        assert str(refusal.value) == reason
