"""One entry point for every transcript format, with its media type."""

from __future__ import annotations

import json
from dataclasses import dataclass

from adapters.json_codec import transcript_to_json
from adapters.transcript_formats.aws_document import to_aws_document
from adapters.transcript_formats.subtitles import to_srt, to_vtt
from domain.transcript import Transcript

FORMATS = ("json", "text", "srt", "vtt", "aws")
_MEDIA_TYPES = {
    "json": "application/json",
    "aws": "application/json",
    "text": "text/plain; charset=utf-8",
    "srt": "application/x-subrip; charset=utf-8",
    "vtt": "text/vtt; charset=utf-8",
}
EXTENSIONS = {"json": "json", "aws": "aws.json", "text": "txt", "srt": "srt", "vtt": "vtt"}


@dataclass(frozen=True, slots=True)
class RenderedTranscript:
    body: str
    media_type: str
    extension: str


def render(transcript: Transcript, output_format: str, name: str = "transcript") -> RenderedTranscript:
    """Raise ValueError naming the formats when `output_format` is not one of them."""
    if output_format == "json":
        body = json.dumps(transcript_to_json(transcript), ensure_ascii=False)
    elif output_format == "aws":
        body = json.dumps(to_aws_document(transcript, name), ensure_ascii=False)
    elif output_format == "text":
        body = speaker_lines(transcript) if transcript.speakers else transcript.text + "\n"
    elif output_format == "srt":
        body = to_srt(transcript)
    elif output_format == "vtt":
        body = to_vtt(transcript)
    else:
        raise ValueError(f"unknown format {output_format!r}; expected one of: {', '.join(FORMATS)}")
    return RenderedTranscript(body, _MEDIA_TYPES[output_format], EXTENSIONS[output_format])


def speaker_lines(transcript: Transcript) -> str:
    """Plain text of a labelled transcript: a line per change of speaker, `Speaker 1: ...`."""
    lines: list[tuple[str | None, list[str]]] = []
    for segment in transcript.segments:
        if not segment.text.strip():
            continue
        if lines and lines[-1][0] == segment.speaker:
            lines[-1][1].append(segment.text.strip())
        else:
            lines.append((segment.speaker, [segment.text.strip()]))
    return "".join(f"{speaker}: {' '.join(texts)}\n" if speaker else " ".join(texts) + "\n" for speaker, texts in lines)
