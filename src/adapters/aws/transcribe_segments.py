"""Grouping Transcribe's tokens (pronunciation and punctuation items, already parsed) into
segments: by `results.audio_segments` when Transcribe wrote them, otherwise ending a segment at
sentence punctuation or where the speaker changes."""

from __future__ import annotations

import math
from typing import Any

from domain.transcript import Segment, Word

_SENTENCE_END = frozenset({".", "?", "!", "。", "？", "！"})
Token = dict[str, Any]


def number(raw: Any, where: str) -> float:
    """Transcribe writes numbers as strings."""
    try:
        value = float(raw)
    except (TypeError, ValueError, OverflowError):
        value = math.nan
    if not math.isfinite(value):  # "inf" and 10**400 are not times or scores
        raise ValueError(f"{where} is not a number: {raw!r}"[:200])
    return value


def by_audio_segments(results: dict[str, Any], tokens: list[Token]) -> list[Segment]:
    audio_segments = results.get("audio_segments")
    if not isinstance(audio_segments, list) or not audio_segments:
        return []
    by_id = {t["id"]: t for t in tokens}
    segments = []
    for n, raw in enumerate(audio_segments):
        where = f"results.audio_segments[{n}]"
        ids = raw.get("items") if isinstance(raw, dict) else None
        if not isinstance(ids, list) or any(not isinstance(i, (int, str)) or i not in by_id for i in ids):
            raise ValueError(f"{where} refers to items that are not there")
        members = [by_id[i] for i in ids]
        text = raw.get("transcript") if isinstance(raw.get("transcript"), str) else _join(members)
        start = number(raw.get("start_time"), f"{where}.start_time")
        end = number(raw.get("end_time"), f"{where}.end_time")
        segments.append(Segment(start, end, text.strip(), _words(members)))
    return segments


def by_sentence(tokens: list[Token]) -> list[Segment]:
    groups: list[list[Token]] = [[]]
    speaker: Any = None  # of the last word of the current group; None before its first word
    spoken = False
    for token in tokens:
        current = groups[-1]
        if token["type"] == "pronunciation":
            ends_sentence = bool(current) and current[-1]["content"] in _SENTENCE_END
            if spoken and (ends_sentence or token["speaker"] != speaker):
                groups.append(current := [])
            speaker, spoken = token["speaker"], True
        current.append(token)
    segments = []
    for group in groups:
        words = _words(group)
        if words:
            segments.append(Segment(words[0].start, words[-1].end, _join(group), words))
    return segments


def _words(tokens: list[Token]) -> tuple[Word, ...]:
    return tuple(
        Word(
            t["start"], t["end"], t["content"], t["confidence"], t["speaker"] if isinstance(t["speaker"], str) else None
        )
        for t in tokens
        if t["type"] == "pronunciation"
    )


def _join(tokens: list[Token]) -> str:
    text = ""
    for token in tokens:
        glue = "" if token["type"] == "punctuation" or not text else " "
        text += glue + token["content"]
    return text
