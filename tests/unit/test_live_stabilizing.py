"""LocalAgreement-2 and the utterance cutter, on scripted hypotheses and probabilities."""

from __future__ import annotations

from application.live import LocalAgreement, UtteranceCutter, VadSettings
from application.live.utterances import Cut

WINDOW = 512  # 32 ms at 16 kHz


def test_a_word_is_sent_once_two_hypotheses_in_a_row_agree_on_it():
    agreement = LocalAgreement()

    assert agreement.update("The quick") == []
    assert agreement.update("The quick brown") == ["The", "quick"]
    assert agreement.update("The quick brown fox jumps") == ["brown"]
    assert agreement.update("The quick brown fox jumps over") == ["fox", "jumps"]


def test_words_agree_whatever_their_case_and_punctuation():
    agreement = LocalAgreement()
    agreement.update("the lazy dog.")

    assert agreement.update("The lazy dog, and") == ["The", "lazy", "dog,"]


def test_a_changed_word_is_not_sent_until_hypotheses_settle_on_it():
    agreement = LocalAgreement()
    agreement.update("The quick round")

    assert agreement.update("The quick brown fox") == ["The", "quick"]
    assert agreement.update("The quick brown fox") == ["brown", "fox"]


def test_a_hypothesis_that_contradicts_sent_words_takes_nothing_back_and_adds_nothing():
    agreement = LocalAgreement()
    agreement.update("Please call Stella")
    agreement.update("Please call Stella and")  # "Please call Stella" confirmed

    assert agreement.update("Please fall Stella and ask") == []
    assert agreement.update("Please call Stella and ask her") == []  # previous one contradicted
    assert agreement.update("Please call Stella and ask her to") == ["and", "ask", "her"]
    assert agreement.confirmed == ("Please", "call", "Stella", "and", "ask", "her")


def test_the_final_decode_sends_the_words_beyond_the_confirmed_ones_only_when_it_continues_them():
    continuing, contradicting = LocalAgreement(), LocalAgreement()
    for agreement in (continuing, contradicting):
        agreement.update("bring these")
        agreement.update("bring these things")

    assert continuing.finish("Bring these things.") == ["things."]
    assert contradicting.finish("Ring the things.") == []


def cutter(**settings) -> UtteranceCutter:
    return UtteranceCutter(VadSettings(**settings), WINDOW, max_samples=16000 * 30)


def feed(cutter: UtteranceCutter, probabilities: list[float]) -> list[Cut]:
    return [cut for p in probabilities for cut in cutter.feed(p)]


def test_speech_starts_a_prefix_before_the_first_loud_window_and_stops_after_the_silence():
    cuts = feed(cutter(prefix_padding_ms=64, silence_duration_ms=96), [0.0] * 10 + [0.9] * 5 + [0.0] * 3)

    assert cuts == [Cut(True, 10 * WINDOW - 1024), Cut(False, 18 * WINDOW)]


def test_a_pause_shorter_than_the_silence_duration_does_not_end_the_utterance():
    cuts = feed(cutter(silence_duration_ms=96), [0.9] * 5 + [0.0] * 2 + [0.9] * 5 + [0.0] * 3)

    assert [c.started for c in cuts] == [True, False]
    assert cuts[-1].sample == 15 * WINDOW


def test_probabilities_between_the_two_thresholds_keep_speech_going():
    cuts = feed(cutter(threshold=0.5, silence_duration_ms=64), [0.9, 0.4, 0.4, 0.4, 0.1, 0.1])

    assert cuts == [Cut(True, 0), Cut(False, 6 * WINDOW)]


def test_an_utterance_reaching_the_maximum_length_is_cut_and_the_next_starts_at_once():
    short = UtteranceCutter(VadSettings(), WINDOW, max_samples=10 * WINDOW)

    cuts = feed(short, [0.9] * 25)

    assert cuts == [
        Cut(True, 0),
        Cut(False, 10 * WINDOW, forced=True),
        Cut(True, 10 * WINDOW, forced=True),
        Cut(False, 20 * WINDOW, forced=True),
        Cut(True, 20 * WINDOW, forced=True),
    ]
