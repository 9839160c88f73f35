"""TranscriberContract and BatchTranscriberContract: what every engine that answers while the
caller waits promises (the scripted engines in the unit suite, WhisperTranscriber with the real
model in tests/integration).

A subclass provides the fixtures `transcriber`, `speech` (bytes of audio it transcribes to some
words) and `failing` (a transcriber and bytes it must fail on with a reason). Not named test_*
so it is collected only through its subclasses.
"""

from __future__ import annotations

import io

import pytest

from application.errors import TranscriptionFailed
from domain.transcript import Transcript, TranscriptionOptions

ENGLISH = TranscriptionOptions(language="en")


def assert_well_formed(transcript: Transcript) -> None:
    """Text, segments and words agree with each other and lie inside the audio, in order."""
    assert transcript.text.strip() and transcript.duration > 0
    assert transcript.text == " ".join(s.text.strip() for s in transcript.segments if s.text.strip())
    starts = [segment.start for segment in transcript.segments]
    assert starts == sorted(starts)
    for segment in transcript.segments:
        assert 0 <= segment.start <= segment.end <= transcript.duration + 0.5
        for word in segment.words:
            assert segment.start - 0.5 <= word.start <= word.end <= segment.end + 0.5


class TranscriberContract:
    def test_speech_becomes_a_well_formed_transcript_in_the_language_asked_for(self, transcriber, speech) -> None:
        transcript = transcriber.transcribe(io.BytesIO(speech), ENGLISH)
        assert isinstance(transcript, Transcript)
        assert transcript.language == "en"
        assert_well_formed(transcript)

    def test_progress_is_a_rising_fraction_of_the_audio(self, transcriber, speech) -> None:
        fractions: list[float] = []
        transcriber.transcribe(io.BytesIO(speech), ENGLISH, fractions.append)
        assert all(0.0 <= f <= 1.0 for f in fractions)
        assert fractions == sorted(fractions)

    def test_what_the_engine_cannot_transcribe_fails_with_a_reason(self, failing) -> None:
        transcriber, audio = failing
        with pytest.raises(TranscriptionFailed) as failed:
            transcriber.transcribe(io.BytesIO(audio), ENGLISH)
        assert str(failed.value)


class BatchTranscriberContract:
    def test_each_item_gets_the_result_transcribe_gives_it_alone_in_order(self, transcriber, speech) -> None:
        alone = transcriber.transcribe(io.BytesIO(speech), ENGLISH)
        results = transcriber.transcribe_many([(io.BytesIO(speech), ENGLISH), (io.BytesIO(speech), ENGLISH)])
        assert len(results) == 2
        for result in results:
            assert isinstance(result, Transcript)
            assert_well_formed(result)
            assert result.text == alone.text

    def test_a_failed_item_is_returned_not_raised(self, failing) -> None:
        transcriber, audio = failing
        [result] = transcriber.transcribe_many([(io.BytesIO(audio), ENGLISH)])
        assert isinstance(result, TranscriptionFailed) and str(result)
