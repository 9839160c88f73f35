"""Short clips of different jobs decoded together give, token for token, what each gives alone."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from adapters.whisper import WhisperTranscriber
from application.errors import TranscriptionFailed
from domain.transcript import TranscriptionOptions
from tests.unit.silent_audio import silent_wav

FIXTURES = Path(__file__).parent / "fixtures"
EVAL = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "public"


def _short_public_clips(count: int) -> list[bytes]:
    manifest = EVAL / "manifest.jsonl"
    if not manifest.is_file():
        pytest.skip(f"no evaluation set at {EVAL}")
    rows = [json.loads(line) for line in manifest.read_text().splitlines() if line.strip()]
    short = sorted((r for r in rows if r["seconds"] <= 30), key=lambda r: r["seconds"])
    picked = short[:: max(1, len(short) // count)][:count]  # short to long, spread out
    return [(EVAL / r["audio"]).read_bytes() for r in picked]


@pytest.fixture(scope="module")
def transcriber():
    transcriber = WhisperTranscriber(cpu_threads=2, batch_size=8, engine_calls=[])
    transcriber.warm_up()
    return transcriber


def _alone(transcriber, audio: bytes, options: TranscriptionOptions):
    try:
        return transcriber.transcribe(io.BytesIO(audio), options)
    except TranscriptionFailed as failure:
        return failure


def _decoded(transcript):
    """All a decode produced: text, segment tokens and timings, words with timings and confidence."""
    return [
        (
            s.text,
            s.start,
            s.end,
            s.decoding["tokens"],
            s.decoding["temperature"],
            s.decoding["avg_logprob"],
            [(w.text, w.start, w.end, w.confidence) for w in s.words],
        )
        for s in transcript.segments
    ]


@pytest.mark.slow
def test_clips_decoded_together_match_each_clip_decoded_alone_token_for_token(transcriber):
    clips = [*_short_public_clips(10), (FIXTURES / "speech.wav").read_bytes()]  # batches of 8 and 3
    items = [(io.BytesIO(audio), TranscriptionOptions(language="en")) for audio in clips]
    assert transcriber.engine_calls is not None
    transcriber.engine_calls.clear()

    together = transcriber.transcribe_many(items)
    alone = [_alone(transcriber, audio, TranscriptionOptions(language="en")) for audio in clips]

    # the first windows' beam search of a batch in two halves, side by side on one-thread replicas
    assert transcriber.load().replicas.loaded
    assert [rows for method, rows in transcriber.engine_calls if method == "generate"][:2] == [4, 4]
    for batched, single in zip(together, alone):
        assert batched.text and _decoded(batched) == _decoded(single)
        assert (batched.language, batched.duration) == (single.language, single.duration)


@pytest.mark.slow
def test_prompts_and_silence_in_a_batch_are_decoded_as_alone_and_a_bad_clip_fails_alone(transcriber):
    speech = (FIXTURES / "speech.wav").read_bytes()
    cases = [
        (speech, TranscriptionOptions(prompt="Stella, the quick brown fox.")),
        (speech, TranscriptionOptions(word_timestamps=False)),
        (silent_wav(3.0).getvalue(), TranscriptionOptions()),
        (b"this is not audio at all" * 100, TranscriptionOptions()),
        (speech, TranscriptionOptions()),
    ]

    together = transcriber.transcribe_many([(io.BytesIO(audio), options) for audio, options in cases])
    alone = [_alone(transcriber, audio, options) for audio, options in cases]

    assert isinstance(together[3], TranscriptionFailed) and isinstance(alone[3], TranscriptionFailed)
    for index in (0, 1, 2, 4):
        assert _decoded(together[index]) == _decoded(alone[index]), index
    assert together[1].words == () and together[0].words
    assert _decoded(together[0]) != _decoded(together[4])  # the prompt did change the decode


@pytest.mark.slow
def test_a_transcriber_given_no_list_keeps_no_record_of_its_engine_calls(transcriber):
    speech = (FIXTURES / "speech.wav").read_bytes()
    serving = WhisperTranscriber(cpu_threads=2, batch_size=8, pool=transcriber.pool)

    results = serving.transcribe_many([(io.BytesIO(speech), TranscriptionOptions()) for _ in range(2)])

    assert all(result.text for result in results)
    assert serving.engine_calls is None  # it lives as long as the process: a record would grow with it
