"""OpenAI's response shapes from a domain transcript."""

from __future__ import annotations

from adapters.openai_compat import LANGUAGE_NAMES, language_name, simple_json, verbose_json
from domain.transcript import Segment, SegmentDecoding, Transcript, Word

TRANSCRIPT = Transcript.from_segments(
    (
        Segment(0.0, 1.0, "Hola a todos.", (Word(0.0, 0.4, "Hola", 0.9), Word(0.5, 1.0, "todos.", 0.8)),
                SegmentDecoding(seek=0, tokens=(50364, 2404), temperature=0.0, avg_logprob=-0.2,
                                compression_ratio=1.1, no_speech_prob=0.01)),
        Segment(1.0, 2.0, "Vamos."),
    ),
    language="es",
    duration=2.0,
    language_probability=0.86,
)


def test_json_is_the_text_alone():
    assert simple_json(TRANSCRIPT) == {"text": "Hola a todos. Vamos."}


def test_verbose_json_names_the_language_and_numbers_the_segments():
    body = verbose_json(TRANSCRIPT)

    assert body["task"] == "transcribe" and body["language"] == "spanish" and body["duration"] == 2.0
    assert [s["id"] for s in body["segments"]] == [0, 1]
    assert body["segments"][0]["tokens"] == [50364, 2404] and body["segments"][0]["avg_logprob"] == -0.2
    assert body["segments"][1]["no_speech_prob"] == 0.0  # no decoding details: zeros, not missing keys
    assert "words" not in body


def test_words_come_only_when_asked_and_segments_only_when_not_left_out():
    words_only = verbose_json(TRANSCRIPT, ("word",))

    assert words_only["words"] == [
        {"word": "Hola", "start": 0.0, "end": 0.4},
        {"word": "todos.", "start": 0.5, "end": 1.0},
    ]
    assert "segments" not in words_only


def test_every_whisper_language_has_a_name():
    assert len(LANGUAGE_NAMES) == 100
    assert language_name("en") == "english" and language_name("yue") == "cantonese"
    assert language_name(None) == ""
