"""Cutting a transcript into subtitle cues a person can read.

A cue holds at most two lines of at most `LINE` characters and lasts at most `MAX_SECONDS`;
it ends early at the end of a sentence once it holds some text. With word timings, cues are
cut between words at their real times; without, a long segment's time is shared out in
proportion to the characters of each piece.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from domain.transcript import Segment, Transcript

LINE = 42
MAX_SECONDS = 7.0
_SENTENCE_END = (".", "?", "!")


@dataclass(frozen=True, slots=True)
class Cue:
    start: float
    end: float
    lines: tuple[str, ...]
    speaker: str | None = None  # segments are cut where the speaker changes, so one per cue


def cues_of(transcript: Transcript) -> list[Cue]:
    cues: list[Cue] = []
    for segment in transcript.segments:
        pieces = _by_words(segment) if segment.words else _by_characters(segment)
        cues.extend(pieces)
    return _without_overlap(cues)


def _wrap(text: str) -> tuple[str, ...]:
    return tuple(textwrap.wrap(text, LINE, break_long_words=True)) or ("",)


def _by_words(segment: Segment) -> list[Cue]:
    cues: list[Cue] = []
    group: list = []
    for word in segment.words:
        text = " ".join(w.text.strip() for w in [*group, word])
        too_long = len(_wrap(text)) > 2 or (group and word.end - group[0].start > MAX_SECONDS)
        if group and too_long:
            cues.append(_cue(group))
            group = []
        group.append(word)
        if word.text.strip().endswith(_SENTENCE_END) and len(text) > LINE:
            cues.append(_cue(group))
            group = []
    if group:
        cues.append(_cue(group))
    return cues


def _cue(words: list) -> Cue:
    text = " ".join(w.text.strip() for w in words if w.text.strip())
    return Cue(words[0].start, words[-1].end, _wrap(text), words[0].speaker)


def _by_characters(segment: Segment) -> list[Cue]:
    lines = _wrap(segment.text.strip())
    chunks = [lines[i : i + 2] for i in range(0, len(lines), 2)]
    total = sum(len(" ".join(c)) for c in chunks) or 1
    span = max(segment.end - segment.start, 0.0)
    cues, at = [], segment.start
    for chunk in chunks:
        length = span * len(" ".join(chunk)) / total
        cues.append(Cue(at, at + length, tuple(chunk), segment.speaker))
        at += length
    return cues


def _without_overlap(cues: list[Cue]) -> list[Cue]:
    """Players want each cue to end after it starts and before the next one starts."""
    fixed: list[Cue] = []
    for index, cue in enumerate(cues):
        start = max(cue.start, fixed[-1].end if fixed else 0.0)
        end = max(cue.end, start + 0.001)
        if index + 1 < len(cues):
            end = min(end, max(cues[index + 1].start, start + 0.001))
        if any(line.strip() for line in cue.lines):
            fixed.append(Cue(start, end, cue.lines, cue.speaker))
    return fixed
