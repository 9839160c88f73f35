"""Every format names the speakers of a labelled transcript, and the JSON codec keeps them."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import srt
import webvtt

from adapters.json_codec import (
    job_from_record,
    job_to_record,
    transcript_from_json,
    transcript_to_json,
)
from adapters.transcript_formats import render
from domain.job import TranscriptionJob
from domain.speakers import SpeakerTurn, label_speakers
from domain.transcript import Segment, Transcript, Word
from domain.values import AudioReference, MediaFormat

WORDS = tuple(Word(i * 0.5, i * 0.5 + 0.4, f" {w}", 0.9) for i, w in enumerate(["so", "what", "do", "you", "think"]))
PLAIN = Transcript.from_segments((Segment(0.0, 2.5, " so what do you think", WORDS),), language="en", duration=2.5)
LABELLED = label_speakers(PLAIN, [SpeakerTurn(0.0, 0.95, "x"), SpeakerTurn(0.95, 2.5, "y")])


def test_json_names_the_speakers_of_words_and_segments_and_reads_back_the_same():
    data = transcript_to_json(LABELLED)

    assert data["speakers"] == ["Speaker 1", "Speaker 2"]
    assert [(s["text"], s["speaker"]) for s in data["segments"]] == [
        (" so what", "Speaker 1"),
        (" do you think", "Speaker 2"),
    ]
    assert data["segments"][1]["words"][0]["speaker"] == "Speaker 2"
    assert transcript_from_json(data) == LABELLED


def test_an_unlabelled_transcript_keeps_its_json_shape():
    data = transcript_to_json(PLAIN)

    assert "speakers" not in data and "speaker" not in data["segments"][0]
    assert "speaker" not in data["segments"][0]["words"][0]
    assert transcript_from_json(data) == PLAIN


def test_a_job_asking_for_speakers_keeps_asking_through_a_store():
    job = TranscriptionJob.submit(
        audio=AudioReference("k", 10), media_format=MediaFormat.WAV, now=datetime.now(UTC), speakers=True
    )
    assert job_from_record(job_to_record(job)).speakers is True
    record = job_to_record(job)
    del record["speakers"]  # a record written before speakers existed
    assert job_from_record(record).speakers is False


def test_srt_puts_the_speaker_before_each_cue():
    cues = list(srt.parse(render(LABELLED, "srt").body))

    assert [c.content for c in cues] == ["Speaker 1: so what", "Speaker 2: do you think"]


def test_vtt_marks_each_cue_with_a_voice_tag():
    body = render(LABELLED, "vtt").body
    cues = webvtt.from_buffer(io.StringIO(body))

    assert [c.voice for c in cues] == ["Speaker 1", "Speaker 2"]
    assert [c.text for c in cues] == ["so what", "do you think"]


def test_text_gives_a_line_per_change_of_speaker():
    assert render(LABELLED, "text").body == "Speaker 1: so what\nSpeaker 2: do you think\n"
    assert render(PLAIN, "text").body == "so what do you think\n"
