"""SRT and WebVTT writers. A labelled cue names its speaker: `Speaker 1: ` before its
text in SRT, a voice tag `<v Speaker 1>` in WebVTT."""

from __future__ import annotations

from adapters.transcript_formats.cues import cues_of
from domain.transcript import Transcript


def _timestamp(seconds: float, separator: str) -> str:
    millis = max(0, round(seconds * 1000))
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def to_srt(transcript: Transcript) -> str:
    blocks = []
    for number, cue in enumerate(cues_of(transcript), start=1):
        timing = f"{_timestamp(cue.start, ',')} --> {_timestamp(cue.end, ',')}"
        lines = list(cue.lines)
        if cue.speaker:
            lines[0] = f"{cue.speaker}: {lines[0]}"
        blocks.append(f"{number}\n{timing}\n" + "\n".join(lines) + "\n")
    return "\n".join(blocks)


def to_vtt(transcript: Transcript) -> str:
    blocks = ["WEBVTT\n"]
    for cue in cues_of(transcript):
        timing = f"{_timestamp(cue.start, '.')} --> {_timestamp(cue.end, '.')}"
        # "-->" inside a cue would end it early; WebVTT has no escape for it.
        lines = [line.replace("-->", "->") for line in cue.lines]
        if cue.speaker:  # the annotation ends at ">", so the label must not hold one
            lines[0] = f"<v {cue.speaker.replace('>', '')}>{lines[0]}"
        blocks.append(f"{timing}\n" + "\n".join(lines) + "\n")
    return "\n".join(blocks)
