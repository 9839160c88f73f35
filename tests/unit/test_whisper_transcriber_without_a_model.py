"""WhisperTranscriber's own rules, with a stand-in for faster-whisper's model (no model loaded)."""

from __future__ import annotations

import threading
import time
from types import SimpleNamespace

import pytest

from adapters.whisper import WhisperTranscriber
from application.errors import DependencyUnavailable, TranscriptionFailed
from domain.transcript import TranscriptionOptions
from tests.unit.silent_audio import silent_wav


def _segment(start, end, text):
    word = SimpleNamespace(start=start, end=end, word=f" {text}", probability=0.9)
    return SimpleNamespace(start=start, end=end, text=f" {text} ", words=[word])


class FakeModel:
    def __init__(self, segments=(), failure: Exception | None = None) -> None:
        self.segments = segments
        self.failure = failure
        self.calls: list[dict] = []

    def transcribe(self, audio, **kwargs):
        self.calls.append(kwargs)
        language = kwargs.get("language")
        info = SimpleNamespace(duration=2.0, language=language or "en", language_probability=0.75)
        return self._generate(), info

    def _generate(self):
        yield from self.segments
        if self.failure is not None:
            raise self.failure


def _transcriber(model: FakeModel, **config) -> WhisperTranscriber:
    # The stand-in hands out words itself: faster-whisper's own word timings, no alignment pass.
    return WhisperTranscriber(model_factory=lambda *args, **kwargs: model, words_move_windows=True, **config)


def test_segments_become_the_transcript_with_stripped_text():
    model = FakeModel([_segment(0.0, 1.0, "hello"), _segment(1.0, 2.0, "world")])

    transcript = _transcriber(model).transcribe(silent_wav(), TranscriptionOptions())

    assert transcript.text == "hello world"
    assert [w.text for w in transcript.words] == ["hello", "world"]
    assert transcript.language_probability == 0.75


def test_the_job_language_overrides_the_configured_one():
    model = FakeModel()

    transcript = _transcriber(model, language="de").transcribe(silent_wav(), TranscriptionOptions(language="fr"))

    assert model.calls[-1]["language"] == "fr"
    assert transcript.language_probability is None


def test_an_empty_configured_language_means_none():
    model = FakeModel()

    _transcriber(model, language="").transcribe(silent_wav(), TranscriptionOptions())

    assert model.calls[-1]["language"] is None


def test_an_engine_error_while_decoding_segments_becomes_transcription_failed():
    model = FakeModel([_segment(0.0, 1.0, "hello")], failure=RuntimeError("CUDA out of memory at 0x7f"))

    with pytest.raises(TranscriptionFailed) as failure:
        _transcriber(model).transcribe(silent_wav(), TranscriptionOptions())

    assert "0x7f" not in str(failure.value)


def test_an_error_of_the_progress_callback_is_not_blamed_on_the_engine():
    def broken_callback(fraction):
        raise RuntimeError("callback bug")

    model = FakeModel([_segment(0.0, 1.0, "hello")])

    with pytest.raises(RuntimeError, match="callback bug"):
        _transcriber(model).transcribe(silent_wav(), TranscriptionOptions(), broken_callback)


def test_a_model_that_cannot_load_makes_the_engine_unavailable():
    def failing_factory(*args, **kwargs):
        raise RuntimeError("Unable to open file 'model.bin'")

    transcriber = WhisperTranscriber(model_factory=failing_factory)

    with pytest.raises(DependencyUnavailable, match=r"tiny\.en"):
        transcriber.load()


def test_jobs_starting_together_load_the_model_once():
    loads = []

    def slow_factory(*args, **kwargs):
        loads.append(args)
        time.sleep(0.05)
        return FakeModel()

    transcriber = WhisperTranscriber(model_factory=slow_factory)
    threads = [threading.Thread(target=transcriber.load) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(loads) == 1


def test_the_configuration_reaches_the_model():
    seen = {}

    def recording_factory(path, **kwargs):
        seen.update(kwargs, path=path)
        return FakeModel()

    WhisperTranscriber(
        "base.en", device="cuda", compute_type="float16", cpu_threads=3, model_factory=recording_factory
    ).load()

    assert seen == {"path": "base.en", "device": "cuda", "compute_type": "float16", "cpu_threads": 3}
