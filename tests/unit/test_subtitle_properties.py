"""Properties of the SRT and WebVTT writers, checked by reading their output back with the
`srt` and `webvtt-py` parsers: any transcript gives cues in order, never overlapping, of
lines a person can read, holding every word in the order spoken."""

from __future__ import annotations

import io
from datetime import timedelta

import srt
import webvtt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.transcript_formats import to_srt, to_vtt
from adapters.transcript_formats.cues import LINE
from tests.unit.transcript_strategies import transcripts

BOUNDED = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def spoken(transcript) -> str:
    """Every character of every word, in order; line breaks may fall anywhere, even in a word."""
    return "".join("".join(w.text.split()) for w in transcript.words)


def vtt_millis(stamp: str) -> int:
    hours, minutes, seconds = stamp.split(":")
    return round((int(hours) * 3600 + int(minutes) * 60 + float(seconds)) * 1000)


def assert_readable_cues(timings: list[tuple[int, int]], lines: list[list[str]]) -> None:
    for (_start, end), (next_start, _) in zip(timings, timings[1:]):
        assert end <= next_start, f"cue ending at {end} ms overlaps the next at {next_start} ms"
    assert all(start < end for start, end in timings), timings
    assert all(1 <= len(cue) <= 2 for cue in lines), lines
    assert all(len(line) <= LINE for cue in lines for line in cue), lines


@BOUNDED
@given(transcripts())
def test_srt_reads_back_as_ordered_readable_cues_with_every_word(transcript):
    cues = list(srt.parse(to_srt(transcript)))

    assert [cue.index for cue in cues] == list(range(1, len(cues) + 1))
    timings = [(cue.start // timedelta(milliseconds=1), cue.end // timedelta(milliseconds=1)) for cue in cues]
    assert_readable_cues(timings, [cue.content.split("\n") for cue in cues])
    assert "".join("".join(cue.content.split()) for cue in cues) == spoken(transcript)


@BOUNDED
@given(transcripts())
def test_webvtt_reads_back_as_ordered_readable_cues_with_every_word(transcript):
    captions = webvtt.from_buffer(io.StringIO(to_vtt(transcript))).captions

    timings = [(vtt_millis(c.start), vtt_millis(c.end)) for c in captions]
    assert_readable_cues(timings, [c.lines for c in captions])
    assert "".join("".join(line.split()) for c in captions for line in c.lines) == spoken(transcript)


@BOUNDED
@given(transcripts(word_texts=st.text(min_size=1, max_size=12)))
def test_any_text_in_words_still_gives_subtitles_the_parsers_read(transcript):
    """Words with newlines, '-->' or markup: each cue keeps its shape, and both files parse."""
    srt_cues = list(srt.parse(to_srt(transcript)))
    vtt_captions = webvtt.from_buffer(io.StringIO(to_vtt(transcript))).captions

    assert len(srt_cues) == len(vtt_captions)
    assert all(1 <= len(c.lines) <= 2 for c in vtt_captions)
