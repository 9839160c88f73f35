"""The live stream's audio adapters: Silero VAD fed piecemeal, and input format conversion."""

from __future__ import annotations

import numpy as np
import pytest
from faster_whisper.vad import get_vad_model

from adapters.pcm import InputAudio, UnsupportedInputFormat
from adapters.silero import SileroVoiceActivity
from tests.contracts.voice_activity import VoiceActivityContract
from tests.integration.live_audio import speech_samples, two_utterances


def test_silero_fed_in_odd_pieces_scores_as_one_pass_over_the_whole_audio():
    samples = speech_samples(16000)
    whole = samples[: samples.size // 512 * 512]
    expected = get_vad_model()(whole.astype(np.float32) / 32768.0).reshape(-1)
    stream = SileroVoiceActivity().open_stream()

    pcm = whole.tobytes()
    got = [p for i in range(0, len(pcm), 3202) for p in stream.feed(pcm[i : i + 3202])]

    assert np.allclose(got, expected, atol=1e-3)  # batch sizes differ: float rounding only


def test_silero_hears_two_utterances_with_a_silence_between():
    first, second = two_utterances(16000)
    stream = SileroVoiceActivity().open_stream()

    probabilities = np.array(stream.feed(first + second))

    speech = probabilities > 0.5
    gap = slice(int(4.45 * 16000 / 512), int(5.0 * 16000 / 512))  # speech again at 5.08 s
    assert speech[: gap.start].mean() > 0.5 and not speech[gap].any() and speech[gap.stop :].any()


def test_24_khz_pcm_sent_in_chunks_comes_out_at_16_khz_with_its_tone():
    rate, seconds = 24000, 2.0
    tone = (np.sin(2 * np.pi * 440 * np.arange(int(rate * seconds)) / rate) * 8000).astype("<i2").tobytes()
    converter = InputAudio("audio/pcm", rate)

    out = np.frombuffer(b"".join(converter.to_16k(tone[i : i + 4801]) for i in range(0, len(tone), 4801)), "<i2")

    assert abs(out.size - 16000 * seconds) < 100
    spectrum = np.abs(np.fft.rfft(out[2000:18000]))
    assert abs(np.argmax(spectrum) * 16000 / 16000 - 440) < 5


def test_g711_is_decoded_at_8_khz():
    ulaw, alaw = InputAudio("audio/pcmu"), InputAudio("g711_alaw")

    assert ulaw.rate == alaw.rate == 8000
    assert len(ulaw.to_16k(bytes([0xFF, 0x7F]) * 4000)) > 15000  # 1 s at 8 kHz, resampled


@pytest.mark.parametrize("kind, rate", [("audio/flac", 24000), ("audio/pcm", 12345)])
def test_a_format_or_rate_outside_the_types_is_refused(kind, rate):
    with pytest.raises(UnsupportedInputFormat):
        InputAudio(kind, rate)


class TestSileroVoiceActivity(VoiceActivityContract):
    @pytest.fixture
    def voice_activity(self) -> SileroVoiceActivity:
        return SileroVoiceActivity()

    @pytest.fixture
    def speech_pcm(self) -> bytes:
        samples = speech_samples(16000)[: 3 * 16000]
        return samples.astype("<i2").tobytes()
