"""Words and segments get the speaker a diarizer heard: label_speakers, a pure function."""

from hypothesis import given
from hypothesis import strategies as st

from domain.speakers import SpeakerTurn, label_speakers
from domain.transcript import Segment, Transcript, Word


def _transcript(*segments: Segment) -> Transcript:
    return Transcript.from_segments(segments, language="en", duration=20.0)


def _word(start: float, end: float, text: str) -> Word:
    return Word(start, end, f" {text}", 0.9)


TURNS = [SpeakerTurn(0.0, 4.0, "SPEAKER_07"), SpeakerTurn(4.5, 9.0, "SPEAKER_02")]


def test_each_word_takes_the_speaker_it_overlaps_most():
    segment = Segment(
        0.0,
        9.0,
        " hello there general kenobi",
        (_word(0.0, 1.0, "hello"), _word(3.5, 4.8, "there"), _word(5.0, 6.0, "general"), _word(3.0, 4.2, "kenobi")),
    )
    labelled = label_speakers(_transcript(segment), TURNS)
    # "there" overlaps the first turn 0.5 s and the second 0.3 s; "kenobi" only the first
    assert [w.speaker for w in labelled.words] == ["Speaker 1", "Speaker 1", "Speaker 2", "Speaker 1"]


def test_a_word_between_turns_takes_the_nearest_turn():
    segment = Segment(0.0, 12.0, " a b c", (_word(4.05, 4.15, "a"), _word(4.3, 4.45, "b"), _word(10.0, 10.5, "c")))
    labelled = label_speakers(_transcript(segment), TURNS)
    assert [w.speaker for w in labelled.words] == ["Speaker 1", "Speaker 2", "Speaker 2"]


def test_a_zero_length_word_inside_a_turn_takes_that_turn():
    segment = Segment(0.0, 9.0, " w x", (_word(1.0, 2.0, "w"), _word(6.0, 6.0, "x")))
    assert label_speakers(_transcript(segment), TURNS).words[1].speaker == "Speaker 2"


def test_segments_are_cut_where_the_speaker_changes():
    segment = Segment(
        0.0,
        9.0,
        " one two three four",
        (_word(0.2, 1.0, "one"), _word(1.2, 2.0, "two"), _word(5.0, 6.0, "three"), _word(6.2, 7.0, "four")),
    )
    labelled = label_speakers(_transcript(segment), TURNS)
    assert [(s.start, s.end, s.text, s.speaker) for s in labelled.segments] == [
        (0.0, 2.0, " one two", "Speaker 1"),
        (5.0, 9.0, " three four", "Speaker 2"),
    ]
    assert labelled.text == _transcript(segment).text  # the words are the same words
    assert labelled.speakers == ("Speaker 1", "Speaker 2")


def test_speakers_are_named_in_the_order_they_first_speak():
    turns = [SpeakerTurn(0.0, 3.0, "B"), SpeakerTurn(3.0, 6.0, "A"), SpeakerTurn(6.0, 9.0, "B")]
    segments = (
        Segment(0.0, 3.0, " x", (_word(1.0, 2.0, "x"),)),
        Segment(3.0, 6.0, " y", (_word(4.0, 5.0, "y"),)),
        Segment(6.0, 9.0, " z", (_word(7.0, 8.0, "z"),)),
    )
    labelled = label_speakers(_transcript(*segments), turns)
    assert [s.speaker for s in labelled.segments] == ["Speaker 1", "Speaker 2", "Speaker 1"]
    assert labelled.speakers == ("Speaker 1", "Speaker 2")


def test_a_speaker_who_says_no_transcribed_word_is_not_listed():
    turns = [*TURNS, SpeakerTurn(15.0, 16.0, "SPEAKER_09")]
    segment = Segment(0.0, 9.0, " one", (_word(0.2, 1.0, "one"),))
    assert label_speakers(_transcript(segment), turns).speakers == ("Speaker 1",)


def test_a_segment_without_words_takes_the_speaker_of_its_span():
    # 3..8 overlaps SPEAKER_07 for 1.0 s and SPEAKER_02 for 3.5 s
    segments = (Segment(0.0, 2.0, " first"), Segment(3.0, 8.0, " no word timings"))
    labelled = label_speakers(_transcript(*segments), TURNS)
    assert [s.speaker for s in labelled.segments] == ["Speaker 1", "Speaker 2"]
    assert labelled.speakers == ("Speaker 1", "Speaker 2")


def test_without_turns_nothing_is_labelled():
    transcript = _transcript(Segment(0.0, 1.0, " hi", (_word(0.0, 1.0, "hi"),)))
    assert label_speakers(transcript, []) == transcript


spans = st.tuples(st.floats(0, 100), st.floats(0, 5)).map(lambda p: (p[0], p[0] + p[1]))


@given(
    words=st.lists(spans, min_size=1, max_size=30),
    turns=st.lists(st.tuples(spans, st.sampled_from("ABC")), min_size=1, max_size=12),
)
def test_every_word_gets_the_label_a_brute_force_search_would_give(words, turns):
    speaker_turns = [SpeakerTurn(s, e, label) for (s, e), label in turns]
    ordered = sorted(speaker_turns, key=lambda t: (t.start, t.end))
    segment = Segment(0.0, 105.0, "", tuple(Word(s, e, " w", 1.0) for s, e in sorted(words)))
    labelled = label_speakers(_transcript(segment), speaker_turns)
    names = {}
    for word in (w for s in labelled.segments for w in s.words):
        names.setdefault(word.speaker, None)
    raw = []
    for start, end in sorted(words):
        overlap: dict[str, float] = {}
        for t in ordered:
            shared = min(end, t.end) - max(start, t.start)
            if shared > 0:
                overlap[t.speaker] = overlap.get(t.speaker, 0.0) + shared
        if overlap:
            best = max(overlap.values())
            raw.append(next(t.speaker for t in ordered if overlap.get(t.speaker) == best))
        else:
            gap = min(max(0.0, t.start - end, start - t.end) for t in ordered)
            raw.append({t.speaker for t in ordered if max(0.0, t.start - end, start - t.end) == gap})
    got = [w.speaker for s in labelled.segments for w in s.words]
    mapping: dict[str, str] = {}
    for want, have in zip(raw, got):
        if isinstance(want, str):
            assert mapping.setdefault(want, have) == have
    for want, have in zip(raw, got):
        if isinstance(want, set):  # equidistant turns: any of them is right
            assert have in {mapping.get(label, have) for label in want}
    assert set(labelled.speakers) == set(got)
