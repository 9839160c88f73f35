"""WhisperTranscriber with the real tiny.en model on the spoken fixtures."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from faster_whisper import WhisperModel

from adapters.whisper import WhisperTranscriber, locate_model
from application.errors import TranscriptionFailed
from domain.transcript import TranscriptionOptions
from tests.contracts.transcriber import BatchTranscriberContract, TranscriberContract

FIXTURES = Path(__file__).parent / "fixtures"
# Words tiny.en hears in every fixture; "brown" and "stella" vary with the codec.
KEY_WORDS = {"quick", "fox", "lazy", "dog", "please", "call", "bring", "things"}


def _words(text: str) -> set[str]:
    return set(re.sub(r"[^a-z' ]", " ", text.lower()).split())


class CountingModelFactory:
    def __init__(self) -> None:
        self.loads = 0

    def __call__(self, *args, **kwargs):
        self.loads += 1
        return WhisperModel(*args, **kwargs)


@pytest.fixture(scope="module")
def factory():
    return CountingModelFactory()


@pytest.fixture(scope="module")
def transcriber(factory):
    transcriber = WhisperTranscriber(cpu_threads=2, model_factory=factory)
    transcriber.warm_up()
    return transcriber


@pytest.mark.slow
class TestWhisperTranscriber(TranscriberContract, BatchTranscriberContract):
    @pytest.fixture
    def speech(self) -> bytes:
        return (FIXTURES / "speech.wav").read_bytes()

    @pytest.fixture
    def failing(self, transcriber) -> tuple[WhisperTranscriber, bytes]:
        return transcriber, b"this is not audio in any format"


DEFAULT_OPTIONS = TranscriptionOptions()


def _transcribe(transcriber, file_name, options=DEFAULT_OPTIONS, on_progress=None):
    with open(FIXTURES / file_name, "rb") as audio:
        return transcriber.transcribe(audio, options, on_progress)


@pytest.mark.slow
@pytest.mark.parametrize("file_name", ["speech.wav", "speech.ogg"])
def test_the_spoken_words_are_in_the_transcript(transcriber, file_name):
    transcript = _transcribe(transcriber, file_name)

    assert _words(transcript.text) >= KEY_WORDS
    assert transcript.language == "en"
    assert transcript.duration == pytest.approx(9.8, abs=0.1)


@pytest.mark.slow
def test_segments_carry_words_whose_times_increase(transcriber):
    transcript = _transcribe(transcriber, "speech.wav")

    assert transcript.segments and transcript.words
    starts = [w.start for w in transcript.words]
    assert starts == sorted(starts)
    for word in transcript.words:
        assert word.start <= word.end
        assert word.text == word.text.strip() and word.text
        assert 0.0 <= word.confidence <= 1.0
    for segment in transcript.segments:
        assert segment.words and segment.start <= segment.words[0].start + 0.5


@pytest.mark.slow
def test_progress_rises_to_one_as_segments_arrive(transcriber):
    reported: list[float] = []

    _transcribe(transcriber, "speech.wav", on_progress=reported.append)

    assert len(reported) >= 2
    assert reported == sorted(reported)
    assert reported[0] > 0.0 and reported[-1] == 1.0


@pytest.mark.slow
def test_a_requested_language_is_used_and_not_reported_as_detected(transcriber):
    transcript = _transcribe(transcriber, "speech.wav", TranscriptionOptions(language="en"))
    detected = _transcribe(transcriber, "speech.wav")

    assert transcript.language == "en" and transcript.language_probability is None
    assert detected.language_probability is not None


@pytest.mark.slow
def test_the_model_is_loaded_once_and_reused_across_jobs(transcriber, factory):
    model = transcriber.load()
    _transcribe(transcriber, "speech.wav")
    _transcribe(transcriber, "speech.ogg")

    assert factory.loads == 1
    assert transcriber.load() is model


@pytest.mark.slow
def test_a_very_short_wav_gives_an_empty_transcript(transcriber):
    transcript = _transcribe(transcriber, "too_short.wav")

    assert transcript.text == "" and transcript.duration == pytest.approx(0.05)


@pytest.mark.slow
@pytest.mark.parametrize(
    "content",
    [(FIXTURES / "not_audio.txt").read_bytes(), b"", (FIXTURES / "speech.wav").read_bytes()[:30]],
    ids=["text", "empty", "truncated-wav"],
)
def test_content_that_is_not_audio_fails_with_a_reason_for_the_client(transcriber, content):
    with pytest.raises(TranscriptionFailed, match="could not be decoded"):
        transcriber.transcribe(io.BytesIO(content), TranscriptionOptions())


def test_the_default_model_is_the_one_shipped_in_the_package():
    folder = Path(locate_model("tiny.en"))

    assert (folder / "model.bin").is_file()


def test_a_model_folder_is_used_as_given(tmp_path):
    (tmp_path / "model.bin").write_bytes(b"")

    assert locate_model(str(tmp_path)) == str(tmp_path)


def test_a_folder_without_a_model_or_a_missing_path_is_refused(tmp_path):
    with pytest.raises(ValueError, match=r"model\.bin"):
        locate_model(str(tmp_path))
    with pytest.raises(ValueError, match="no model folder"):
        locate_model(str(tmp_path / "absent"))


def test_other_names_are_left_for_faster_whisper_to_resolve():
    assert locate_model("Systran/faster-whisper-base.en") == "Systran/faster-whisper-base.en"
    assert locate_model("small") == "small"
