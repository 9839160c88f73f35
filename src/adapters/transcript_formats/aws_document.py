"""The transcript as Amazon Transcribe writes its output document, for clients that read that.

Numbers are strings, punctuation is its own item without times, and each segment is an
entry of `audio_segments` naming its items, as Transcribe does. A transcript with speakers
has them as Transcribe writes them with speaker partitioning: `spk_0`, `spk_1`, ... (in the
transcript's order of speakers) on every word item and audio segment, and the
`speaker_labels` object with a segment of word items per segment.
"""

from __future__ import annotations

from typing import Any

from domain.transcript import Transcript, Word

_TRAILING = ".,?!;:…。、？！"
_AWS_LANGUAGE = {
    "en": "en-US",
    "fr": "fr-FR",
    "de": "de-DE",
    "es": "es-ES",
    "it": "it-IT",
    "pt": "pt-BR",
    "ja": "ja-JP",
    "zh": "zh-CN",
    "nl": "nl-NL",
    "ru": "ru-RU",
    "ko": "ko-KR",
}


def _split_trailing(text: str) -> tuple[str, list[str]]:
    word = text.strip()
    marks: list[str] = []
    while len(word) > 1 and word[-1] in _TRAILING:
        marks.insert(0, word[-1])
        word = word[:-1]
    return word, marks


def to_aws_document(transcript: Transcript, job_name: str) -> dict[str, Any]:
    items: list[dict[str, Any]] = []
    audio_segments: list[dict[str, Any]] = []
    labels = {name: f"spk_{n}" for n, name in enumerate(transcript.speakers)}
    speaker_segments: list[dict[str, Any]] = []
    for index, segment in enumerate(transcript.segments):
        first = len(items)
        for word in segment.words:
            items += _word_items(word, len(items), labels)
        audio_segment: dict[str, Any] = {
            "id": index,
            "transcript": segment.text.strip(),
            "start_time": f"{segment.start:.3f}",
            "end_time": f"{segment.end:.3f}",
            "items": list(range(first, len(items))),
        }
        if segment.speaker in labels:
            audio_segment["speaker_label"] = labels[segment.speaker]
            speaker_segments.append(_speaker_segment(audio_segment, items))
        audio_segments.append(audio_segment)
    results: dict[str, Any] = {
        "transcripts": [{"transcript": transcript.text}],
        "items": items,
        "audio_segments": audio_segments,
    }
    if labels:
        results["speaker_labels"] = {
            "channel_label": "ch_0",
            "speakers": len(labels),
            "segments": speaker_segments,
        }
    if transcript.language:
        results["language_code"] = _AWS_LANGUAGE.get(transcript.language, transcript.language)
    if transcript.language_probability is not None:
        results["language_identification"] = [
            {"code": results["language_code"], "score": f"{transcript.language_probability:.4f}"}
        ]
    return {"jobName": job_name, "accountId": "", "status": "COMPLETED", "results": results}


def _word_items(word: Word, first_id: int, labels: dict[str, str]) -> list[dict[str, Any]]:
    """The word's pronunciation item, then one punctuation item (without times) per trailing mark."""
    content, marks = _split_trailing(word.text)
    item: dict[str, Any] = {
        "id": first_id,
        "type": "pronunciation",
        "start_time": f"{word.start:.3f}",
        "end_time": f"{word.end:.3f}",
        "alternatives": [{"confidence": f"{word.confidence:.4f}", "content": content}],
    }
    if word.speaker in labels:
        item["speaker_label"] = labels[word.speaker]
    punctuation = [
        {"id": first_id + n, "type": "punctuation", "alternatives": [{"confidence": "0.0", "content": mark}]}
        for n, mark in enumerate(marks, start=1)
    ]
    return [item, *punctuation]


def _speaker_segment(audio_segment: dict[str, Any], items: list[dict[str, Any]]) -> dict[str, Any]:
    label = audio_segment["speaker_label"]
    return {
        "start_time": audio_segment["start_time"],
        "speaker_label": label,
        "end_time": audio_segment["end_time"],
        "items": [
            {
                "start_time": items[i]["start_time"],
                "speaker_label": items[i].get("speaker_label", label),
                "end_time": items[i]["end_time"],
            }
            for i in audio_segment["items"]
            if items[i]["type"] == "pronunciation"
        ],
    }
