import json

import pytest
import srt
import webvtt

from adapters.transcript_formats import render, to_aws_document, to_srt, to_vtt
from adapters.transcript_formats.cues import LINE, MAX_SECONDS
from domain.transcript import Segment, Transcript, Word


def spoken(text: str, start: float = 0.0, step: float = 0.4) -> Segment:
    words = tuple(
        Word(round(start + i * step, 3), round(start + i * step + 0.3, 3), w, 0.9) for i, w in enumerate(text.split())
    )
    return Segment(words[0].start, words[-1].end, " " + text, words)


LONG = (
    "It was the best of times, it was the worst of times, it was the age of wisdom, "
    "it was the age of foolishness, it was the epoch of belief, it was the epoch of incredulity."
)
TRANSCRIPT = Transcript.from_segments(
    (spoken("Hello there, how are you?"), spoken(LONG, start=3.0)), language="en", duration=40.0
)


def test_srt_is_read_back_by_a_standard_parser_with_every_word_in_order():
    cues = list(srt.parse(to_srt(TRANSCRIPT)))
    assert [c.index for c in cues] == list(range(1, len(cues) + 1))
    assert " ".join(c.content.replace("\n", " ") for c in cues).split() == TRANSCRIPT.text.split()
    assert all(c.end > c.start for c in cues)
    assert all(a.end <= b.start for a, b in zip(cues, cues[1:]))


def test_vtt_is_read_back_by_a_standard_parser_with_every_word_in_order():
    captions = webvtt.from_string(to_vtt(TRANSCRIPT))
    assert " ".join(c.text.replace("\n", " ") for c in captions).split() == TRANSCRIPT.text.split()
    assert captions[0].start == "00:00:00.000"


def test_subtitle_lines_stay_short_and_cues_brief():
    for cue in srt.parse(to_srt(TRANSCRIPT)):
        lines = cue.content.split("\n")
        assert len(lines) <= 2 and all(len(line) <= LINE for line in lines)
        assert (cue.end - cue.start).total_seconds() <= MAX_SECONDS + 0.5


def test_segments_without_word_timings_still_make_valid_subtitles():
    plain = Transcript.from_segments((Segment(0.0, 12.0, LONG),), language="en", duration=12.0)
    cues = list(srt.parse(to_srt(plain)))
    assert len(cues) > 1
    assert cues[0].start.total_seconds() == 0 and cues[-1].end.total_seconds() == pytest.approx(12.0, abs=0.01)


def test_an_arrow_in_the_text_cannot_break_a_vtt_cue():
    tricky = Transcript.from_segments((Segment(0.0, 1.0, "a --> b"),), language="en", duration=1.0)
    [caption] = webvtt.from_string(to_vtt(tricky))
    assert "-->" not in caption.text


def test_an_empty_transcript_gives_empty_but_valid_subtitles():
    empty = Transcript("", "en", 0.0, ())
    assert list(srt.parse(to_srt(empty))) == []
    assert to_vtt(empty).startswith("WEBVTT")


def test_the_aws_document_has_amazons_shape():
    document = to_aws_document(TRANSCRIPT, "job-1")
    results = document["results"]
    assert document["status"] == "COMPLETED" and document["jobName"] == "job-1"
    assert results["transcripts"][0]["transcript"] == TRANSCRIPT.text
    first, comma = results["items"][1], results["items"][2]
    assert first["type"] == "pronunciation" and isinstance(first["start_time"], str)
    assert first["alternatives"][0]["content"] == "there"
    assert comma == {"id": 2, "type": "punctuation", "alternatives": [{"confidence": "0.0", "content": ","}]}
    assert results["language_code"] == "en-US"


def test_render_names_the_formats_when_asked_for_an_unknown_one():
    assert json.loads(render(TRANSCRIPT, "json").body)["text"] == TRANSCRIPT.text
    assert render(TRANSCRIPT, "text").body == TRANSCRIPT.text + "\n"
    with pytest.raises(ValueError, match="json, text, srt, vtt, aws"):
        render(TRANSCRIPT, "docx")
