"""Cutting a transcript into subtitle cues a person can read.

Cues are built from the words, across the engine's segments: `cue_breaks` chooses where
each ends (sentence ends and commas first, then pauses, then the line limit), each holds
at most two balanced lines of at most `LINE` characters, starts with its first word and
stays on screen until its last word ends, at least `MIN_SECONDS` when the next cue leaves
room, at most `MAX_SECONDS`. A segment without word timings is given word times in
proportion to the characters of its text, so it is cut by the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from adapters.transcript_formats.cue_breaks import LINE, MAX_SECONDS, MIN_SECONDS, Token, cue_spans, ends_clause
from domain.transcript import Segment, Transcript

__all__ = ["LINE", "MAX_SECONDS", "MIN_SECONDS", "Cue", "cues_of"]


@dataclass(frozen=True, slots=True)
class Cue:
    start: float
    end: float
    lines: tuple[str, ...]


def cues_of(transcript: Transcript) -> list[Cue]:
    tokens = [token for segment in transcript.segments for token in _tokens(segment)]
    cues: list[Cue] = []
    spans = cue_spans(tokens)
    for index, (first, past) in enumerate(spans):
        words = tokens[first:past]
        start = max(min(t.start for t in words), cues[-1].end if cues else 0.0)
        spoken_until = max(t.end for t in words)
        end = max(spoken_until, start + MIN_SECONDS)
        if index + 1 < len(spans):
            end = min(end, max(tokens[past].start, spoken_until))
        elif transcript.duration > spoken_until:
            end = min(end, transcript.duration)
        end = min(end, max(start + MAX_SECONDS, spoken_until))
        cues.append(Cue(start, max(end, start + 0.001), balanced_lines([t.text for t in words])))
    return cues


def balanced_lines(words: list[str]) -> tuple[str, ...]:
    """One line when the words fit on one, else the two lines nearest in length, a cut
    after a comma or sentence end preferred (the cue cutter has checked that two fit)."""
    text = " ".join(words)
    if len(text) <= LINE or len(words) == 1:
        return (text,)
    best: tuple[float, int] | None = None
    for cut in range(1, len(words)):
        top, bottom = " ".join(words[:cut]), " ".join(words[cut:])
        if len(top) > LINE or len(bottom) > LINE:
            continue
        score = abs(len(top) - len(bottom)) - (10 if ends_clause(top) or top[-1:] in ".?!" else 0)
        if best is None or score < best[0]:
            best = (score, cut)
    cut = best[1] if best else len(words) // 2
    return (" ".join(words[:cut]), " ".join(words[cut:]))


def _tokens(segment: Segment) -> list[Token]:
    if segment.words:
        timed = [(float(w.start), float(w.end), " ".join(w.text.split())) for w in segment.words]
    else:
        timed = _shared_out(segment)
    pieces = [piece for start, end, text in timed if text for piece in _fitted(start, end, text)]
    if pieces:
        last = pieces[-1]
        pieces[-1] = Token(last.start, last.end, last.text, segment_end=True)
    return pieces


def _shared_out(segment: Segment) -> list[tuple[float, float, str]]:
    """Word times for a segment without any: its span shared out by characters."""
    words = segment.text.split()
    total = sum(len(w) + 1 for w in words) or 1
    span = max(float(segment.end) - float(segment.start), 0.0)
    timed, at = [], float(segment.start)
    for word in words:
        length = span * (len(word) + 1) / total
        timed.append((at, at + length, word))
        at += length
    return timed


def _fitted(start: float, end: float, text: str) -> list[Token]:
    """A word longer than a line is cut into line-long pieces sharing its time."""
    if len(text) <= LINE:
        return [Token(start, end, text)]
    parts = [text[i : i + LINE] for i in range(0, len(text), LINE)]
    step = (end - start) / len(parts)
    return [Token(start + i * step, start + (i + 1) * step, part) for i, part in enumerate(parts)]
