"""Properties of the Transcribe output parser: any document is a Transcript or a ValueError,
and the documents we write parse back to what we wrote."""

from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.aws.transcribe_output import parse_transcribe_output
from adapters.transcript_formats import to_aws_document
from domain.transcript import Transcript
from tests.unit.transcript_strategies import transcripts

BOUNDED = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KEYS = [
    "status",
    "results",
    "items",
    "transcripts",
    "transcript",
    "audio_segments",
    "speaker_labels",
    "segments",
    "language_code",
    "language_identification",
    "code",
    "score",
    "type",
    "id",
    "alternatives",
    "content",
    "confidence",
    "start_time",
    "end_time",
    "speaker_label",
]
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=8)
    | st.sampled_from(["COMPLETED", "pronunciation", "punctuation", "1.5", "en-US", "spk_0"]),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), inner, max_size=5)
    ),
    max_leaves=25,
)


def _without_trailing_marks(text: str) -> str:
    word = text.strip()
    while len(word) > 1 and word[-1] in ".,?!":
        word = word[:-1]
    return word


def parses_or_value_error(document) -> None:
    try:
        assert isinstance(parse_transcribe_output(document), Transcript)
    except ValueError:
        pass


@BOUNDED
@given(json_values)
def test_any_document_is_a_transcript_or_a_value_error(document):
    parses_or_value_error(document)


def _containers(node, path=()):
    yield path
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in children:
        yield from _containers(child, (*path, key))


@BOUNDED
@given(transcripts(), st.data())
def test_a_written_document_with_any_part_replaced_is_a_transcript_or_a_value_error(transcript, data):
    document = to_aws_document(transcript, "job")
    path = data.draw(st.sampled_from(list(_containers(document))[1:]), label="path")
    damaged = copy.deepcopy(document)
    parent = damaged
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = data.draw(json_values, label="replacement")

    parses_or_value_error(damaged)


@BOUNDED
@given(transcripts())
def test_a_written_document_parses_back_to_the_same_transcript(transcript):
    parsed = parse_transcribe_output(to_aws_document(transcript, "job"))

    assert parsed.text == transcript.text
    assert parsed.language == transcript.language
    assert [s.text for s in parsed.segments] == [s.text.strip() for s in transcript.segments]
    # Transcribe keeps punctuation as items of its own, so its words come back without it.
    assert [w.text for w in parsed.words] == [_without_trailing_marks(w.text) for w in transcript.words]
    for ours, theirs in zip(parsed.words, transcript.words, strict=True):
        assert (ours.start, ours.end) == pytest.approx((theirs.start, theirs.end), abs=0.0006)


def _word(**changes):
    item = {
        "type": "pronunciation",
        "start_time": "0.1",
        "end_time": "0.4",
        "alternatives": [{"confidence": "0.9", "content": "hi"}],
    }
    return {**item, **changes}


@pytest.mark.parametrize(
    "results",
    [
        {"items": [_word(id=[0])], "audio_segments": [{"items": [[0]]}]},
        {"items": [_word()], "audio_segments": [{"items": [[0]], "start_time": "0", "end_time": "1"}]},
        {"items": [_word(start_time=10**400)]},
        {"items": [_word(end_time="inf")]},
    ],
    ids=["list-as-id", "list-in-segment-items", "huge-number", "infinite-time"],
)
def test_malformed_parts_found_by_the_properties_are_value_errors(results):
    """Each of these raised TypeError or OverflowError, or gave an infinite time."""
    with pytest.raises(ValueError):
        parse_transcribe_output({"results": results})


@pytest.mark.parametrize(
    "extra",
    [
        {"language_code": 7},
        {"language_code": ["en-US"]},
        {"language_identification": 3},
        {"speaker_labels": {"segments": 5}},
        {"speaker_labels": {"segments": [3, {"items": 1}]}},
    ],
)
def test_junk_in_optional_parts_is_ignored(extra):
    """Each of these raised AttributeError or TypeError."""
    transcript = parse_transcribe_output({"results": {"items": [_word()], **extra}})

    assert [w.text for w in transcript.words] == ["hi"]
