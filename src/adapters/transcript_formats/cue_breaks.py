"""Where subtitle cues end: the strongest boundaries first.

A run of words that fits one cue (two lines of `LINE` characters, at most `MAX_SECONDS`,
no silence of `HOLD_SILENCE` inside) is one cue. A longer run is cut at its strongest
boundary, and each side is cut again until every piece fits. Boundaries rank from strong
to weak: a sentence end, a comma (or other clause mark), a long pause, a pause (a gap of
`PAUSE` seconds or more, or the silence Whisper folds into the start of a stretched
word), the end of an engine segment, before a word that opens a phrase ("and", "which"), then
anywhere; a cut after a word that leans on the next ("the", "of", "can") ranks lower still.
Among boundaries alike the one
nearest the middle wins. A cut that would leave a finished cue on screen for less than
`MIN_SECONDS`, or holding one or two words cut off from their sentence, is ranked down,
so that happens only when no better cut exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from adapters.transcript_formats.phrase_words import is_abbreviation, leans_forward, opens_phrase

LINE = 42
MAX_SECONDS = 7.0
MIN_SECONDS = 1.0
PAUSE = 0.3
HOLD_SILENCE = 1.5
_SENTENCE_END = (".", "?", "!", "…", "。", "？", "！")
_CLAUSE_END = (",", ";", ":", "、", "，", "—", "–")
_CLOSERS = "\"'”’)]»"

# Ranks of a boundary: lower is stronger. The middle of a run adds at most 0.5.
_AT_SENTENCE, _AT_CLAUSE, _AT_LONG_PAUSE, _AT_PAUSE, _AT_SEGMENT, _ANYWHERE = 0.0, 1.0, 1.5, 2.0, 2.5, 6.0
_BEFORE_OPENING = 5.0  # no mark, no pause, but "and", "which"... start a phrase of their own
_MID_PHRASE = 1.0  # after "the", "of", "can"...: the phrase goes on
_SEGMENT_BONUS = 0.5  # an engine segment's end that is also a pause is a little stronger
_SHORT_ON_SCREEN = 4.0  # scaled by how far below MIN_SECONDS the cue stays
_ORPHAN = 3.0


@dataclass(frozen=True, slots=True)
class Token:
    """A word as the cues see it: its text on one line, and whether an engine segment ends after it."""

    start: float
    end: float
    text: str
    segment_end: bool = False


def ends_sentence(text: str) -> bool:
    return text.rstrip(_CLOSERS).endswith(_SENTENCE_END) and not is_abbreviation(text)


def ends_clause(text: str) -> bool:
    return text.rstrip(_CLOSERS).endswith(_CLAUSE_END)


def silences_after(tokens: list[Token]) -> list[float]:
    """The silence after each token: the gap to the next one, or, when longer, how far the
    next outlasts a word of its length (Whisper gives a pause to the word after it)."""
    durations = [t.end - t.start for t in tokens if t.end > t.start]
    typical = 2 * median(durations) if durations else 0.0
    silences = []
    for token, following in zip(tokens, tokens[1:]):
        stretch = (following.end - following.start) - max(typical, 0.5, 0.09 * len(following.text))
        silences.append(max(following.start - token.end, stretch, 0.0))
    return [*silences, float("inf")]


def boundary_rank(token: Token, following: Token | None, silence_after: float) -> float:
    """How weak a cut after `token` is, given the next word and the silence before it."""
    if ends_sentence(token.text):
        return _AT_SENTENCE
    if ends_clause(token.text):
        return _AT_CLAUSE
    bonus = _SEGMENT_BONUS if token.segment_end else 0.0
    phrase = _MID_PHRASE if leans_forward(token.text) else 0.0
    if silence_after >= 3 * PAUSE:
        return _AT_LONG_PAUSE - bonus + phrase
    if silence_after >= PAUSE:
        return _AT_PAUSE - bonus + phrase
    if phrase == 0.0 and following is not None and opens_phrase(following.text):
        return _BEFORE_OPENING
    return (_AT_SEGMENT if token.segment_end else _ANYWHERE) + phrase


def cue_spans(tokens: list[Token]) -> list[tuple[int, int]]:
    """The cues as (first, past-last) token indexes, covering every token once, in order."""
    runs = _Runs(tokens)
    spans: list[tuple[int, int]] = []
    pending = [(0, len(tokens))] if tokens else []
    while pending:
        first, past = pending.pop()
        if runs.fit(first, past):
            spans.append((first, past))
        else:
            cut = runs.best_cut(first, past)
            pending += [(cut, past), (first, cut)]
    return spans


class _Runs:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.silences = silences_after(tokens)
        self.ranks = [
            boundary_rank(t, tokens[k + 1] if k + 1 < len(tokens) else None, self.silences[k])
            for k, t in enumerate(tokens)
        ]
        self.offsets = [0]
        for token in tokens:
            self.offsets.append(self.offsets[-1] + len(token.text) + 1)

    def chars(self, first: int, past: int) -> int:
        return self.offsets[past] - self.offsets[first] - 1

    def fit(self, first: int, past: int) -> bool:
        if past - first == 1:
            return True
        tokens = self.tokens
        if self.chars(first, past) > 2 * LINE + 1 or tokens[past - 1].end - tokens[first].start > MAX_SECONDS:
            return False
        if any(tokens[k + 1].start - tokens[k].end >= HOLD_SILENCE for k in range(first, past - 1)):
            return False
        top = first + 1
        while top < past and self.chars(first, top + 1) <= LINE:
            top += 1
        return top == past or self.chars(top, past) <= LINE

    def best_cut(self, first: int, past: int) -> int:
        """The index of the first token after the cut."""
        total = max(self.chars(first, past), 1)
        best, best_cut = float("inf"), first + 1
        for cut in range(first + 1, past):
            rank = self.ranks[cut - 1] + abs(self.chars(first, cut) / total - 0.5)
            if rank >= best:
                continue
            rank += self._finished_penalty(first, cut) + self._finished_penalty(cut, past)
            if rank < best:
                best, best_cut = rank, cut
        return best_cut

    def _finished_penalty(self, first: int, past: int) -> float:
        """What a piece that would be a cue as it stands costs the reader."""
        if past - first > 2 * LINE or not self.fit(first, past):
            return 0.0
        penalty = 0.0
        whole_sentence = (first == 0 or self.ranks[first - 1] == _AT_SENTENCE) and self.ranks[past - 1] == _AT_SENTENCE
        if past - first <= 2 and not whole_sentence:
            penalty += _ORPHAN
        if past < len(self.tokens):
            on_screen = self.tokens[past].start - self.tokens[first].start
            penalty += _SHORT_ON_SCREEN * max(0.0, 1 - on_screen / MIN_SECONDS)
        return penalty
