"""Subtitles of real speech through the real tiny.en model: cues end at phrases."""

from __future__ import annotations

from pathlib import Path

import pytest
import srt

from adapters.transcript_formats import to_srt
from adapters.transcript_formats.cues import MIN_SECONDS
from adapters.whisper import WhisperTranscriber
from domain.transcript import TranscriptionOptions

pytestmark = pytest.mark.slow
JFK = Path(__file__).resolve().parents[3] / "shared/eval/public/jfk_inaugural_1961.wav"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def transcriber():
    return WhisperTranscriber(cpu_threads=2)


def subtitles_of(transcriber, path: Path) -> list[srt.Subtitle]:
    with path.open("rb") as audio:
        return list(srt.parse(to_srt(transcriber.transcribe(audio, TranscriptionOptions(language="en")))))


def test_the_jfk_clip_keeps_do_for_you_with_its_phrase(transcriber):
    if not JFK.exists():
        pytest.skip("needs ../shared/eval/public/jfk_inaugural_1961.wav")
    cues = [" ".join(c.content.split()) for c in subtitles_of(transcriber, JFK)]

    # The cues were "... ask not what / your country can", "do for you", "ask what ...".
    assert any(cue.endswith("your country can do for you") for cue in cues), cues
    assert not any(cue.endswith("can") for cue in cues), cues
    assert cues[-1].endswith("for your country.")


def test_every_cue_of_the_spoken_fixture_lasts_a_second_and_ends_at_a_phrase(transcriber):
    cues = subtitles_of(transcriber, FIXTURES / "speech.wav")

    assert len(cues) >= 2
    assert all((c.end - c.start).total_seconds() >= MIN_SECONDS for c in cues)
    assert all(c.content.rstrip().endswith((".", ",", "?", "!")) for c in cues[:-1]), [c.content for c in cues]
