"""parse_transcribe_output reads Amazon Transcribe's output JSON into the domain Transcript."""

from __future__ import annotations

import copy

import pytest

from adapters.aws import parse_transcribe_output


def _word(i, start, end, content, confidence="0.99", speaker=None, alternatives=()):
    item = {
        "id": i,
        "start_time": start,
        "end_time": end,
        "type": "pronunciation",
        "alternatives": [{"confidence": confidence, "content": content}, *alternatives],
    }
    if speaker:
        item["speaker_label"] = speaker
    return item


def _punct(i, content, speaker=None):
    item = {
        "id": i,
        "type": "punctuation",
        "alternatives": [{"confidence": "0.0", "content": content}],
    }
    if speaker:
        item["speaker_label"] = speaker
    return item


# Two speakers, an identified language, an alternative reading, and the audio_segments of new jobs.
DOCUMENT = {
    "jobName": "voxrelay-0123456789abcdef0123456789abcdef",
    "accountId": "123456789012",
    "status": "COMPLETED",
    "results": {
        "language_code": "en-US",
        "language_identification": [
            {"score": "0.9871", "code": "en-US"},
            {"score": "0.0102", "code": "en-GB"},
        ],
        "transcripts": [{"transcript": "Hello, Maria. Hi! How are you?"}],
        "speaker_labels": {
            "channel_label": "spk_0",
            "speakers": 2,
            "segments": [
                {
                    "start_time": "0.04",
                    "end_time": "1.1",
                    "speaker_label": "spk_0",
                    "items": [
                        {"start_time": "0.04", "end_time": "0.52", "speaker_label": "spk_0"},
                        {"start_time": "0.61", "end_time": "1.1", "speaker_label": "spk_0"},
                    ],
                },
                {
                    "start_time": "1.5",
                    "end_time": "2.9",
                    "speaker_label": "spk_1",
                    "items": [
                        {"start_time": "1.5", "end_time": "1.7", "speaker_label": "spk_1"},
                        {"start_time": "1.9", "end_time": "2.1", "speaker_label": "spk_1"},
                        {"start_time": "2.1", "end_time": "2.3", "speaker_label": "spk_1"},
                        {"start_time": "2.3", "end_time": "2.9", "speaker_label": "spk_1"},
                    ],
                },
            ],
        },
        "items": [
            _word(0, "0.04", "0.52", "Hello", "0.998", "spk_0"),
            _punct(1, ",", "spk_0"),
            _word(
                2,
                "0.61",
                "1.1",
                "Maria",
                "0.871",
                "spk_0",
                ({"confidence": "0.12", "content": "Mario"},),
            ),
            _punct(3, ".", "spk_0"),
            _word(4, "1.5", "1.7", "Hi", "0.95", "spk_1"),
            _punct(5, "!", "spk_1"),
            _word(6, "1.9", "2.1", "How", "0.99", "spk_1"),
            _word(7, "2.1", "2.3", "are", "0.99", "spk_1"),
            _word(8, "2.3", "2.9", "you", "0.97", "spk_1"),
            _punct(9, "?", "spk_1"),
        ],
        "audio_segments": [
            {
                "id": 0,
                "transcript": "Hello, Maria.",
                "start_time": "0.04",
                "end_time": "1.1",
                "speaker_label": "spk_0",
                "items": [0, 1, 2, 3],
            },
            {
                "id": 1,
                "transcript": "Hi! How are you?",
                "start_time": "1.5",
                "end_time": "2.9",
                "speaker_label": "spk_1",
                "items": [4, 5, 6, 7, 8, 9],
            },
        ],
    },
}


def _without_audio_segments():
    document = copy.deepcopy(DOCUMENT)
    del document["results"]["audio_segments"]
    return document


def test_segments_follow_the_audio_segments_transcribe_wrote():
    transcript = parse_transcribe_output(DOCUMENT)

    assert [s.text for s in transcript.segments] == ["Hello, Maria.", "Hi! How are you?"]
    assert (transcript.segments[1].start, transcript.segments[1].end) == (1.5, 2.9)
    assert transcript.text == "Hello, Maria. Hi! How are you?"


def test_words_carry_times_and_confidence_as_numbers_and_the_best_alternative():
    words = parse_transcribe_output(DOCUMENT).words

    assert [w.text for w in words] == ["Hello", "Maria", "Hi", "How", "are", "you"]
    assert (words[1].start, words[1].end, words[1].confidence) == (0.61, 1.1, 0.871)


def test_language_is_reduced_to_iso_639_1_with_its_identification_score():
    transcript = parse_transcribe_output(DOCUMENT)

    assert transcript.language == "en"
    assert transcript.language_probability == pytest.approx(0.9871)
    assert transcript.duration == 2.9


def test_without_audio_segments_a_segment_ends_at_a_sentence_or_a_change_of_speaker():
    transcript = parse_transcribe_output(_without_audio_segments())

    assert [s.text for s in transcript.segments] == ["Hello, Maria.", "Hi!", "How are you?"]


def test_speakers_named_only_in_speaker_labels_still_split_segments():
    document = _without_audio_segments()
    for item in document["results"]["items"]:
        item.pop("speaker_label", None)
        item.pop("id")
    document["results"]["items"][3]["alternatives"][0]["content"] = ","  # no sentence end here

    transcript = parse_transcribe_output(document)

    assert [s.text for s in transcript.segments] == ["Hello, Maria,", "Hi!", "How are you?"]


def test_a_language_given_up_front_stands_in_when_the_document_names_none():
    document = copy.deepcopy(DOCUMENT)
    del document["results"]["language_code"], document["results"]["language_identification"]

    transcript = parse_transcribe_output(document, language="fr")

    assert (transcript.language, transcript.language_probability) == ("fr", None)


def test_silent_audio_is_an_empty_transcript_not_an_error():
    document = {
        "jobName": "x",
        "status": "COMPLETED",
        "results": {"transcripts": [{"transcript": ""}], "items": []},
    }

    transcript = parse_transcribe_output(document)

    assert (transcript.text, transcript.segments, transcript.duration) == ("", (), 0.0)


def _broken(change):
    document = copy.deepcopy(DOCUMENT)
    change(document["results"])
    return document


@pytest.mark.parametrize(
    ("document", "complaint"),
    [
        ([], "JSON object"),
        ({"status": "FAILED", "results": {}}, "FAILED"),
        ({"jobName": "x"}, "results"),
        ({"results": {"transcripts": []}}, "results.items"),
        (_broken(lambda r: r["items"][0].update(start_time="soon")), r"items\[0\].start_time"),
        (_broken(lambda r: r["items"][2].pop("end_time")), r"items\[2\].end_time"),
        (
            _broken(lambda r: r["items"][1].update(alternatives=[])),
            r"items\[1\] has no alternatives",
        ),
        (_broken(lambda r: r["items"][4].update(type="laughter")), r"items\[4\]"),
        (_broken(lambda r: r["audio_segments"][0].update(items=[0, 99])), r"audio_segments\[0\]"),
    ],
)
def test_a_malformed_document_is_refused_with_a_reason(document, complaint):
    with pytest.raises(ValueError, match=complaint):
        parse_transcribe_output(document)
