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

from adapters.transcript_formats.cue_breaks import (
    LINE,
    MAX_SECONDS,
    MIN_SECONDS,
    Token,
    cue_spans,
    ends_clause,
    ends_sentence,
)
from adapters.transcript_formats.phrase_words import leans_forward, opens_phrase
from domain.transcript import Segment, Transcript

__all__ = ["LINE", "MAX_SECONDS", "MIN_SECONDS", "Cue", "cues_of"]
_EVEN_ENOUGH = 10  # lines this close in length count as balanced; then the phrase decides


@dataclass(frozen=True, slots=True)
class Cue:
    start: float
    end: float
    lines: tuple[str, ...]
    speaker: str | None = None  # a cue never spans a change of speaker


def cues_of(transcript: Transcript) -> list[Cue]:
    tokens, spans, speakers = _speaker_runs(transcript)
    cues: list[Cue] = []
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
        cues.append(Cue(start, max(end, start + 0.001), balanced_lines([t.text for t in words]), speakers[index]))
    return cues


def _speaker_runs(transcript: Transcript) -> tuple[list[Token], list[tuple[int, int]], list[str | None]]:
    """The words of all segments, the cue spans over them and each span's speaker: runs of
    segments of one speaker are cut apart, so no cue holds the words of two speakers."""
    runs: list[tuple[str | None, list[Token]]] = []
    for segment in transcript.segments:
        pieces = _tokens(segment)
        if not pieces:
            continue
        if runs and runs[-1][0] == segment.speaker:
            runs[-1][1].extend(pieces)
        else:
            runs.append((segment.speaker, pieces))
    tokens: list[Token] = []
    spans: list[tuple[int, int]] = []
    speakers: list[str | None] = []
    for speaker, pieces in runs:
        for first, past in cue_spans(pieces):
            spans.append((len(tokens) + first, len(tokens) + past))
            speakers.append(speaker)
        tokens.extend(pieces)
    return tokens, spans, speakers


def balanced_lines(words: list[str]) -> tuple[str, ...]:
    """One line when the words fit on one, else two lines near in length: among those, a
    cut after a comma or a sentence end, or before "and" or "which", is preferred and one
    after "the" or "of" avoided (the cue cutter has checked that two lines fit)."""
    text = " ".join(words)
    if len(text) <= LINE or len(words) == 1:
        return (text,)
    best: tuple[float, int, int] | None = None
    for cut in range(1, len(words)):
        top, bottom = " ".join(words[:cut]), " ".join(words[cut:])
        if len(top) > LINE or len(bottom) > LINE:
            continue
        imbalance = abs(len(top) - len(bottom))
        score = max(0, imbalance - _EVEN_ENOUGH) + (6 if leans_forward(words[cut - 1]) else 0)
        score -= 10 if ends_clause(top) or ends_sentence(top) else 8 if opens_phrase(words[cut]) else 0
        if best is None or (score, imbalance) < best[:2]:
            best = (score, imbalance, cut)
    cut = best[2] if best else len(words) // 2
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
