"""Word timings with the real tiny.en model leave the text as it is without them."""

from __future__ import annotations

import numpy as np
import pytest

from adapters.whisper import WhisperModelLoader, WhisperModelPool, WhisperTranscriber
from domain.transcript import TranscriptionOptions
from tests.integration.joined_speech import EVAL, joined_speech

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def long_speech() -> np.ndarray:
    """Two minutes of the public clips joined: audio on which faster-whisper's own word
    timings (moving its windows) change the text (WER 2.08% with them, 1.04% without)."""
    return joined_speech(120)[0]


def transcribe(samples: np.ndarray, **config):
    engine = WhisperTranscriber(cpu_threads=2, **config)
    return engine._transcribe_samples(samples, TranscriptionOptions(language="en"), None)


def test_the_text_with_word_timings_is_the_text_without_them(long_speech):
    with_words = transcribe(long_speech, word_timestamps=True)
    without = transcribe(long_speech, word_timestamps=False)

    assert all(s.decoding["temperature"] == 0 for s in without.segments)  # else sampling decides
    assert with_words.text == without.text
    assert [s.text for s in with_words.segments] == [s.text for s in without.segments]
    words = with_words.words
    assert "".join(w.text for w in words) == "".join(with_words.text.split())  # "42-line" is two words
    assert all(a.start <= b.start for a, b in zip(words, words[1:]))
    assert all(0 <= w.start <= w.end <= with_words.duration + 0.01 for w in words)
    for segment in with_words.segments:
        assert all(segment.start - 0.01 <= w.start and w.end <= segment.end + 0.01 for w in segment.words)


class CountingEngine:
    """The CTranslate2 engine of a model, its encoder calls counted."""

    def __init__(self, engine) -> None:
        self._engine, self.encoded = engine, 0

    def encode(self, *args, **kwargs):
        self.encoded += 1
        return self._engine.encode(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._engine, name)


def test_a_model_the_service_loads_encodes_each_window_once_when_words_are_timed():
    """The service's pool loads through WhisperModelLoader's default factory: a model that
    keeps no encoder output would have each window encoded again to align its words."""
    loader = WhisperModelLoader(cpu_threads=2)
    model = loader("tiny.en")
    model.model = CountingEngine(model.model)
    engine = WhisperTranscriber(pool=WhisperModelPool(lambda name: model, loader.size_of), word_timestamps=True)
    clip = EVAL / "librispeech_1272-128104-0000.wav"
    if not clip.exists():
        pytest.skip("needs ../shared/eval/public")

    with clip.open("rb") as audio:
        transcript = engine.transcribe(audio, TranscriptionOptions(language="en"))

    assert transcript.words and transcript.duration < 30  # one window, its words timed
    assert model.model.encoded == 1
