"""hypothesis strategies for transcripts shaped like an engine's: words in time order, with
leading spaces and trailing punctuation, durations that may run into the next word."""

from __future__ import annotations

from hypothesis import strategies as st

from domain.transcript import Segment, Transcript, Word

WORD_CHARACTERS = st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'éüß")
word_texts = st.builds(
    lambda core, mark: core + mark,
    st.text(WORD_CHARACTERS, min_size=1, max_size=14),
    st.sampled_from(["", "", "", ".", ",", "?", "!", "..."]),
)
times = st.floats(min_value=0, max_value=3, allow_nan=False).map(lambda t: round(t, 3))


@st.composite
def segments(draw, at: float, texts=word_texts) -> tuple[Segment, float]:
    words = []
    for text in draw(st.lists(texts, min_size=1, max_size=25)):
        start = at + draw(times)
        end = start + draw(times)
        words.append(Word(start, end, " " + text, round(draw(st.floats(0, 1)), 4)))
        at = start + draw(st.floats(0, 1))
    segment = Segment(words[0].start, max(w.end for w in words), "".join(w.text for w in words), tuple(words))
    return segment, at


@st.composite
def transcripts(draw, word_texts=word_texts) -> Transcript:
    at = draw(times)
    collected = []
    for _ in range(draw(st.integers(1, 6))):
        segment, at = draw(segments(at, word_texts))
        collected.append(segment)
    language = draw(st.sampled_from([None, "en", "fr", "de"]))
    probability = draw(st.none() | st.floats(0, 1).map(lambda p: round(p, 4))) if language else None
    return Transcript.from_segments(
        tuple(collected), language=language, duration=collected[-1].end, language_probability=probability
    )
