"""The decoder writes into one float32 buffer: ten minutes of FLAC silence peaks near its
float32 size, not several times it; and it, like the probe, decodes only our codecs."""

from __future__ import annotations

import io
import tracemalloc

import av
import numpy as np
import pytest

from adapters.pyav import PyAvAudioProbe, decode_mono
from application.errors import UnsupportedAudio
from tests.integration.synthetic_media import tone

RATE = 16000


def flac_silence(seconds: int) -> io.BytesIO:
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="flac") as out:
        stream = out.add_stream("flac", rate=RATE, layout="mono")
        second = np.zeros((1, RATE), np.int16)
        for i in range(seconds):
            frame = av.AudioFrame.from_ndarray(second, format="s16", layout="mono")
            frame.sample_rate, frame.pts = RATE, i * RATE
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    buffer.seek(0)
    return buffer


def test_ten_minutes_of_flac_silence_decode_within_a_quarter_over_their_float32_size():
    audio = flac_silence(600)
    float32_bytes = 600 * RATE * 4  # 38.4 MB
    tracemalloc.start()
    try:
        samples = decode_mono(audio, RATE, max_seconds=4 * 3600)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert samples.dtype == np.float32 and samples.size == 600 * RATE and not samples.any()
    assert peak < 1.25 * float32_bytes, f"peak {peak / 1e6:.1f} MB for {float32_bytes / 1e6:.1f} MB of samples"


def test_a_stream_whose_header_gives_no_length_still_decodes_whole():
    # A live WebM names no duration: the buffer starts at a guess and grows past it.
    audio = tone("webm", "libopus", rate=48000, seconds=45.0, muxer_options={"live": "1"})
    samples = decode_mono(audio, RATE)
    assert abs(samples.size - 45 * RATE) < RATE // 10


@pytest.mark.parametrize("codec", ["adpcm_ima_wav", "adpcm_ms"])
def test_a_codec_outside_our_list_is_refused_by_probe_and_decoder(codec):
    with pytest.raises(UnsupportedAudio, match=codec):
        PyAvAudioProbe().probe(tone("wav", codec))
    with pytest.raises(UnsupportedAudio, match=codec):
        decode_mono(tone("wav", codec), RATE)
