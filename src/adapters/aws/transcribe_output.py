"""Amazon Transcribe's output JSON -> the domain Transcript.

Numbers arrive as strings; punctuation items have no times and belong to the word before;
the first alternative is Transcribe's best. Segments follow `results.audio_segments` when
present, otherwise they end at sentence punctuation or where the speaker changes. With
speaker labels (`speaker_label` on the items, or only in `results.speaker_labels` in older
documents), words carry them and segments are cut where the speaker changes, named as
`domain.speakers.name_speakers` names every engine's speakers.
"""

from __future__ import annotations

from typing import Any

from adapters.aws.transcribe_naming import language_to_iso
from adapters.aws.transcribe_segments import by_audio_segments, by_sentence, number
from domain.speakers import name_speakers
from domain.transcript import Transcript


def parse_transcribe_output(document: Any, language: str | None = None) -> Transcript:
    """`language` (ISO 639-1) stands in when the document names none (a language given up front)."""
    if not isinstance(document, dict):
        raise ValueError("a Transcribe output document must be a JSON object")
    status = document.get("status", "COMPLETED")
    if status != "COMPLETED":
        raise ValueError(f"Transcribe output has status {status!r}, not COMPLETED")
    results = document.get("results")
    if not isinstance(results, dict):
        raise ValueError("Transcribe output has no 'results' object")
    raw_items = results.get("items")
    if not isinstance(raw_items, list):
        raise ValueError("Transcribe output has no 'results.items' list")
    speakers = _speakers_by_start(results)
    tokens = [_token(i, item, speakers) for i, item in enumerate(raw_items)]
    segments = by_audio_segments(results, tokens) or by_sentence(tokens)
    words = [t for t in tokens if t["type"] == "pronunciation"]
    detected, probability = _language(results)
    return name_speakers(
        Transcript(
            text=_full_text(results) or " ".join(s.text for s in segments),
            language=detected or language,
            duration=max((w["end"] for w in words), default=0.0),
            segments=tuple(segments),
            language_probability=probability if detected else None,
        )
    )


def _token(index: int, item: Any, speakers: dict[str, str | None]) -> dict[str, Any]:
    where = f"results.items[{index}]"
    if not isinstance(item, dict) or item.get("type") not in ("pronunciation", "punctuation"):
        raise ValueError(f"{where} is not a pronunciation or punctuation item")
    alternatives = item.get("alternatives")
    if not isinstance(alternatives, list) or not alternatives or not isinstance(alternatives[0], dict):
        raise ValueError(f"{where} has no alternatives")
    content = alternatives[0].get("content")
    if not isinstance(content, str):
        raise ValueError(f"{where} has no content")
    identifier = item.get("id", index)
    if not isinstance(identifier, (int, str)):  # segments look items up by it
        raise ValueError(f"{where}.id is not a number")
    token: dict[str, Any] = {"type": item["type"], "id": identifier, "content": content}
    if item["type"] == "pronunciation":
        token["start"] = number(item.get("start_time"), f"{where}.start_time")
        token["end"] = number(item.get("end_time"), f"{where}.end_time")
        token["confidence"] = number(alternatives[0].get("confidence", "0"), f"{where}.confidence")
        token["speaker"] = item.get("speaker_label") or speakers.get(str(item.get("start_time")))
    return token


def _speakers_by_start(results: dict[str, Any]) -> dict[str, str | None]:
    """Older documents name speakers only in speaker_labels, keyed by the item's start time
    (None for an item that neither it nor its segment labels)."""
    labels = results.get("speaker_labels")
    if not isinstance(labels, dict):
        return {}
    return {
        str(item.get("start_time")): item.get("speaker_label") or segment.get("speaker_label")
        for segment in _dicts(labels.get("segments"))
        for item in _dicts(segment.get("items"))
    }


def _dicts(value: Any) -> list[dict[str, Any]]:
    """The objects of a list that may be missing or not a list; optional parts tolerate junk."""
    return [entry for entry in value if isinstance(entry, dict)] if isinstance(value, list) else []


def _full_text(results: dict[str, Any]) -> str | None:
    transcripts = results.get("transcripts")
    if isinstance(transcripts, list) and transcripts and isinstance(transcripts[0], dict):
        text = transcripts[0].get("transcript")
        return text.strip() if isinstance(text, str) else None
    return None


def _language(results: dict[str, Any]) -> tuple[str | None, float | None]:
    code = results.get("language_code")
    scores = {
        str(entry.get("code")): number(entry.get("score"), "language_identification score")
        for entry in _dicts(results.get("language_identification"))
    }
    if not isinstance(code, str):
        code = None
    if not code and scores:
        code = max(scores, key=scores.__getitem__)
    return language_to_iso(code), scores.get(str(code)) if code else None
