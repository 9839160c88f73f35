"""Word timings with the real tiny.en model leave the text as it is without them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from faster_whisper import decode_audio

from adapters.whisper import WhisperTranscriber
from domain.transcript import TranscriptionOptions

pytestmark = pytest.mark.slow
EVAL = Path(__file__).resolve().parents[3] / "shared/eval/public"
RATE = 16000


@pytest.fixture(scope="module")
def long_speech() -> np.ndarray:
    """Different clips of the public set end to end, 0.5 s apart, over two 30 s windows.
    (Copies of one clip would not do: Whisper decodes repeated text at a higher temperature,
    by random sampling, and no two runs would then agree.)"""
    if not (EVAL / "manifest.jsonl").exists():
        pytest.skip("needs ../shared/eval/public")
    clips = [clip for clip in sorted(EVAL.glob("*.wav")) if "concat" not in clip.name]
    gap = np.zeros(RATE // 2, np.float32)
    samples = np.concatenate([piece for clip in clips for piece in (decode_audio(str(clip), RATE), gap)])
    return samples[: 70 * RATE]


def transcribe(samples: np.ndarray, **config):
    engine = WhisperTranscriber(cpu_threads=2, **config)
    return engine._transcribe_samples(samples, TranscriptionOptions(language="en"), None)


def test_the_text_with_word_timings_is_the_text_without_them(long_speech):
    with_words = transcribe(long_speech, word_timestamps=True)
    without = transcribe(long_speech, word_timestamps=False)

    assert all(s.decoding.temperature == 0 for s in without.segments)  # else sampling decides
    assert with_words.text == without.text
    assert [s.text for s in with_words.segments] == [s.text for s in without.segments]
    words = with_words.words
    assert " ".join(w.text for w in words).split() == with_words.text.split()
    assert all(a.start <= b.start for a, b in zip(words, words[1:]))
    assert all(0 <= w.start <= w.end <= with_words.duration + 0.01 for w in words)
    for segment in with_words.segments:
        assert all(segment.start - 0.01 <= w.start and w.end <= segment.end + 0.01 for w in segment.words)
