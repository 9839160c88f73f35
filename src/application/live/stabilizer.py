"""LocalAgreement-2: a word is stable once two consecutive hypotheses agree on it."""

from __future__ import annotations

import re

_NOT_WORD = re.compile(r"[^\w']+")


def _key(word: str) -> str:
    """Words compare without case or punctuation: "dog." and "dog" agree."""
    return _NOT_WORD.sub("", word.lower())


class LocalAgreement:
    """Feed successive hypotheses of one growing utterance (each the decode of all its audio
    so far); `update` returns the words that just became stable, in order.

    Rules: a word is confirmed once it lies in the common prefix of the last two hypotheses
    and everything before it is confirmed; confirmed words are never taken back, so a
    hypothesis that contradicts them confirms nothing more until two hypotheses agree with
    them again. `finish(final)` returns the final decode's words beyond the confirmed ones
    when the final decode starts with them, else nothing (the final text still rules)."""

    def __init__(self) -> None:
        self._previous: list[str] = []
        self._confirmed: list[str] = []

    @property
    def confirmed(self) -> tuple[str, ...]:
        return tuple(self._confirmed)

    def update(self, hypothesis: str) -> list[str]:
        words = hypothesis.split()
        previous, self._previous = self._previous, words
        if not self._continues_confirmed(words) or not self._continues_confirmed(previous):
            return []
        agreed = len(self._confirmed)
        while agreed < min(len(words), len(previous)) and _key(words[agreed]) == _key(previous[agreed]):
            agreed += 1
        fresh = words[len(self._confirmed) : agreed]
        self._confirmed.extend(fresh)
        return fresh

    def finish(self, final: str) -> list[str]:
        words = final.split()
        if not self._continues_confirmed(words):
            return []
        rest = words[len(self._confirmed) :]
        self._confirmed.extend(rest)
        return rest

    def _continues_confirmed(self, words: list[str]) -> bool:
        if len(words) < len(self._confirmed):
            return False
        return all(_key(a) == _key(b) for a, b in zip(self._confirmed, words))
