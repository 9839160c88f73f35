"""Amazon Transcribe's speaker labels reach the transcript, and our Amazon-shaped document
writes them back as Transcribe does."""

from __future__ import annotations

import copy

import pytest

from adapters.aws.transcribe_diarizer import TranscribeDiarizer
from adapters.aws.transcribe_output import parse_transcribe_output
from adapters.transcript_formats.aws_document import to_aws_document
from application.errors import SpeakersUnavailable
from tests.unit.aws.test_aws_transcribe_output import DOCUMENT


def test_amazons_speaker_labels_name_the_speakers_of_words_and_segments():
    transcript = parse_transcribe_output(DOCUMENT)

    assert transcript.speakers == ("Speaker 1", "Speaker 2")
    assert [w.speaker for w in transcript.words] == ["Speaker 1"] * 2 + ["Speaker 2"] * 4
    assert [(s.text, s.speaker) for s in transcript.segments] == [
        ("Hello, Maria.", "Speaker 1"),
        ("Hi! How are you?", "Speaker 2"),
    ]


def test_an_older_document_naming_speakers_only_in_speaker_labels_is_labelled_too():
    document = copy.deepcopy(DOCUMENT)
    del document["results"]["audio_segments"]
    for item in document["results"]["items"]:
        item.pop("speaker_label", None)

    transcript = parse_transcribe_output(document)

    assert transcript.speakers == ("Speaker 1", "Speaker 2")
    assert [(s.text, s.speaker) for s in transcript.segments] == [
        ("Hello, Maria.", "Speaker 1"),
        ("Hi!", "Speaker 2"),
        ("How are you?", "Speaker 2"),
    ]


def test_an_audio_segment_holding_two_speakers_is_cut_where_the_speaker_changes():
    document = copy.deepcopy(DOCUMENT)
    segments = document["results"]["audio_segments"]
    segments[:] = [
        {**segments[0], "end_time": "2.9", "transcript": "Hello, Maria. Hi! How are you?", "items": list(range(10))}
    ]

    transcript = parse_transcribe_output(document)

    assert [(s.start, s.end, s.speaker) for s in transcript.segments] == [
        (0.04, 1.1, "Speaker 1"),
        (1.5, 2.9, "Speaker 2"),
    ]


def test_a_document_without_speaker_labels_names_no_speaker():
    document = copy.deepcopy(DOCUMENT)
    del document["results"]["speaker_labels"]
    for item in document["results"]["items"]:
        item.pop("speaker_label", None)
    for segment in document["results"]["audio_segments"]:
        segment.pop("speaker_label")

    transcript = parse_transcribe_output(document)

    assert transcript.speakers == () and {w.speaker for w in transcript.words} == {None}


def test_our_amazon_document_carries_the_speakers_and_reads_back_the_same():
    transcript = parse_transcribe_output(DOCUMENT)

    document = to_aws_document(transcript, "job")

    results = document["results"]
    assert results["speaker_labels"]["speakers"] == 2
    assert [s["speaker_label"] for s in results["speaker_labels"]["segments"]] == ["spk_0", "spk_1"]
    assert len(results["speaker_labels"]["segments"][1]["items"]) == 4
    spoken = [i for i in results["items"] if i["type"] == "pronunciation"]
    assert [i["speaker_label"] for i in spoken] == ["spk_0"] * 2 + ["spk_1"] * 4
    assert [s["speaker_label"] for s in results["audio_segments"]] == ["spk_0", "spk_1"]
    again = parse_transcribe_output(document)
    assert again.speakers == transcript.speakers
    assert [(w.text, w.speaker) for w in again.words] == [(w.text, w.speaker) for w in transcript.words]


def test_a_transcript_without_speakers_writes_no_speaker_labels():
    document = copy.deepcopy(DOCUMENT)
    del document["results"]["speaker_labels"]
    for item in document["results"]["items"]:
        item.pop("speaker_label", None)
    for segment in document["results"]["audio_segments"]:
        segment.pop("speaker_label")

    results = to_aws_document(parse_transcribe_output(document), "job")["results"]

    assert "speaker_labels" not in results and all("speaker_label" not in i for i in results["items"])


def test_aws_mode_accepts_speakers_only_when_transcribe_is_asked_to_label_them():
    TranscribeDiarizer(max_speakers=4).check()
    with pytest.raises(SpeakersUnavailable, match="VOXRELAY_AWS_MAX_SPEAKERS"):
        TranscribeDiarizer(max_speakers=None).check()
