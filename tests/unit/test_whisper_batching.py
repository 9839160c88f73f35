from faster_whisper.transcribe import Segment, Word

from adapters.whisper.batched import _clip_of, _shifted


def test_a_segment_belongs_to_the_clip_its_window_began_in_even_when_seek_is_rounded_down():
    starts = [0.0, 11.0, 26.855, 38.515]
    assert [_clip_of(seek / 100, starts) for seek in (0, 1100, 2685, 3851)] == [0, 1, 2, 3]


def test_times_come_back_relative_to_their_own_clip():
    word = Word(start=27.0, end=27.5, word=" hi", probability=0.9)
    segment = Segment(1, 2685, 26.9, 28.0, " hi", [1], -0.1, 1.0, 0.0, [word], 0.0)
    shifted = _shifted(segment, 26.855)
    assert round(shifted.start, 3) == 0.045 and round(shifted.words[0].end, 3) == 0.645
