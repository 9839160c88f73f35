"""Transcript writers: plain text, JSON, SRT and WebVTT subtitles, Amazon Transcribe's document."""

from adapters.transcript_formats.aws_document import to_aws_document
from adapters.transcript_formats.render import FORMATS, RenderedTranscript, render
from adapters.transcript_formats.subtitles import to_srt, to_vtt

__all__ = ["FORMATS", "RenderedTranscript", "render", "to_aws_document", "to_srt", "to_vtt"]
