"""VoiceActivityContract: what every VoiceActivity adapter (and the VoiceActivityStream it
opens) promises: LoudnessVoiceActivity, SileroVoiceActivity.

A subclass provides the fixtures `voice_activity` and `speech_pcm` (16 kHz 16-bit
little-endian mono PCM that this adapter hears as speech: a tone for loudness, a voice for
Silero). How high a probability goes, and where, is each adapter's own business; the rules
here are what the live turn cutter counts on. Not named test_* so it is collected only
through its subclasses.
"""

from __future__ import annotations

import pytest

SILENCE = b"\0\0" * 16000  # one second of digital silence


def _pieces(pcm: bytes, size: int) -> list[bytes]:
    return [pcm[i : i + size] for i in range(0, len(pcm), size)]


class VoiceActivityContract:
    @pytest.fixture
    def stream(self, voice_activity):
        return voice_activity.open_stream()

    def test_a_window_is_a_whole_number_of_samples(self, stream) -> None:
        assert isinstance(stream.window_samples, int) and stream.window_samples > 0

    def test_every_whole_window_gets_one_probability_between_0_and_1(self, stream, speech_pcm) -> None:
        got = stream.feed(speech_pcm)
        assert len(got) == len(speech_pcm) // 2 // stream.window_samples
        assert all(isinstance(p, float) and 0.0 <= p <= 1.0 for p in got)

    def test_samples_short_of_a_window_wait_for_the_next_call(self, stream, speech_pcm) -> None:
        window = stream.window_samples * 2
        assert stream.feed(speech_pcm[: window - 2]) == []
        assert len(stream.feed(speech_pcm[window - 2 : window])) == 1
        assert stream.feed(b"") == []

    def test_audio_fed_in_odd_pieces_scores_as_in_one_call(self, voice_activity, speech_pcm) -> None:
        whole = voice_activity.open_stream().feed(speech_pcm)
        piecemeal = voice_activity.open_stream()
        got = [p for piece in _pieces(speech_pcm, 3202) for p in piecemeal.feed(piece)]
        assert got == pytest.approx(whole, abs=1e-3)  # batch sizes differ: float rounding only

    def test_digital_silence_is_not_speech(self, stream) -> None:
        got = stream.feed(SILENCE)
        assert got and max(got) < 0.5

    def test_speech_is_heard_as_speech(self, stream, speech_pcm) -> None:
        assert max(stream.feed(speech_pcm)) > 0.5

    def test_streams_keep_their_own_state(self, voice_activity, speech_pcm) -> None:
        alone = voice_activity.open_stream().feed(SILENCE)
        busy, quiet = voice_activity.open_stream(), voice_activity.open_stream()
        busy.feed(speech_pcm[:-2])  # leaves part of a window waiting, and the model's state
        got = quiet.feed(SILENCE)
        busy.feed(speech_pcm[-2:])
        assert got == pytest.approx(alone, abs=1e-6)
