"""The transcript as Amazon Transcribe writes its output document, for clients that read that.

Numbers are strings, punctuation is its own item without times, and each segment is an
entry of `audio_segments` naming its items, as Transcribe does.
"""

from __future__ import annotations

from typing import Any

from domain.transcript import Transcript

_TRAILING = ".,?!;:…。、？！"
_AWS_LANGUAGE = {"en": "en-US", "fr": "fr-FR", "de": "de-DE", "es": "es-ES", "it": "it-IT", "pt": "pt-BR", "ja": "ja-JP", "zh": "zh-CN", "nl": "nl-NL", "ru": "ru-RU", "ko": "ko-KR"}


def _split_trailing(text: str) -> tuple[str, list[str]]:
    word, marks = text.strip(), []
    while len(word) > 1 and word[-1] in _TRAILING:
        marks.insert(0, word[-1])
        word = word[:-1]
    return word, marks


def to_aws_document(transcript: Transcript, job_name: str) -> dict[str, Any]:
    items: list[dict[str, Any]] = []
    audio_segments: list[dict[str, Any]] = []
    for index, segment in enumerate(transcript.segments):
        member_ids: list[int] = []
        for word in segment.words:
            content, marks = _split_trailing(word.text)
            member_ids.append(len(items))
            items.append({
                "id": len(items),
                "type": "pronunciation",
                "start_time": f"{word.start:.3f}",
                "end_time": f"{word.end:.3f}",
                "alternatives": [{"confidence": f"{word.confidence:.4f}", "content": content}],
            })
            for mark in marks:
                member_ids.append(len(items))
                items.append({"id": len(items), "type": "punctuation", "alternatives": [{"confidence": "0.0", "content": mark}]})
        audio_segments.append({
            "id": index,
            "transcript": segment.text.strip(),
            "start_time": f"{segment.start:.3f}",
            "end_time": f"{segment.end:.3f}",
            "items": member_ids,
        })
    results: dict[str, Any] = {
        "transcripts": [{"transcript": transcript.text}],
        "items": items,
        "audio_segments": audio_segments,
    }
    if transcript.language:
        results["language_code"] = _AWS_LANGUAGE.get(transcript.language, transcript.language)
    if transcript.language_probability is not None:
        results["language_identification"] = [
            {"code": results["language_code"], "score": f"{transcript.language_probability:.4f}"}
        ]
    return {"jobName": job_name, "accountId": "", "status": "COMPLETED", "results": results}
