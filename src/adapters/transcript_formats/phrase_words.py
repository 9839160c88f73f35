"""Words a subtitle line or cue should not end on, and words a new one reads well from.

English only: a cue that ends on an article, a preposition or an auxiliary ("the", "of",
"can") leaves the reader waiting for the rest of its phrase; one that starts with a
conjunction or a relative pronoun ("and", "which") starts a phrase of its own. Other
languages fall back to punctuation and pauses alone. "Mr." and initials end no sentence.
"""

from __future__ import annotations

_LEADING = {
    "a",
    "an",
    "the",
    "my",
    "your",
    "his",
    "her",
    "its",
    "our",
    "their",
    "this",
    "these",
    "those",
    "of",
    "to",
    "in",
    "on",
    "at",
    "by",
    "for",
    "with",
    "from",
    "into",
    "onto",
    "upon",
    "about",
    "and",
    "or",
    "but",
    "nor",
    "as",
    "than",
    "if",
    "because",
    "while",
    "whose",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "am",
    "has",
    "have",
    "had",
    "will",
    "would",
    "can",
    "could",
    "shall",
    "should",
    "may",
    "might",
    "must",
    "do",
    "does",
    "did",
    "not",
    "very",
}
_OPENING = {
    "and",
    "or",
    "but",
    "nor",
    "so",
    "because",
    "which",
    "who",
    "whom",
    "whose",
    "where",
    "when",
    "while",
    "if",
    "than",
}
_ABBREVIATIONS = {"mr.", "mrs.", "ms.", "dr.", "st.", "prof.", "sr.", "jr.", "vs.", "mt.", "no.", "e.g.", "i.e."}


def _bare(word: str) -> str:
    return word.strip("\"'“”‘’()[],;:").lower()


def leans_forward(word: str) -> bool:
    """A word that belongs with the words after it."""
    bare = _bare(word)
    return bare in _LEADING or (bare in _OPENING and bare != "so")


def opens_phrase(word: str) -> bool:
    return _bare(word) in _OPENING


def is_abbreviation(word: str) -> bool:
    """A period that ends no sentence: a title, or an initial such as "J."."""
    bare = word.strip("\"'“”‘’()[]").lower()
    return bare in _ABBREVIATIONS or (len(bare) == 2 and bare[0].isalpha() and bare[1] == ".")
