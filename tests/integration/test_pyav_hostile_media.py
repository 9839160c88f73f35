"""The PyAV probe and decoder on hostile media: lengths are measured, never believed, and
measuring or decoding stops at the limit, fast."""

from __future__ import annotations

import io

import numpy as np
import pytest
from faster_whisper import decode_audio

from adapters.pyav import PyAvAudioProbe, decode_mono
from application.errors import AudioTooLong, UnsupportedAudio
from tests.integration import hostile_media as hostile


@pytest.fixture(scope="module")
def probe():
    return PyAvAudioProbe()


@pytest.fixture(scope="module")
def two_hours_of_silence() -> bytes:
    return hostile.silence_flac(2 * 3600)


class FurthestRead(io.BytesIO):
    """A file that remembers how far into it anyone read: work done, measured without a clock."""

    def __init__(self, content: bytes) -> None:
        super().__init__(content)
        self.furthest = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.furthest = max(self.furthest, self.tell())
        return chunk

    def readinto(self, buffer) -> int:
        count = super().readinto(buffer)
        self.furthest = max(self.furthest, self.tell())
        return count


def probed(probe, content: bytes, **kwargs):
    return probe.probe(io.BytesIO(content), **kwargs)


def test_a_wav_header_claiming_ten_hours_is_measured_by_its_data(probe):
    assert probed(probe, hostile.wav_claiming_ten_hours()).duration_seconds == pytest.approx(9.8, abs=0.05)


def test_a_flac_header_claiming_one_second_in_front_of_two_hours_is_not_believed(probe, two_hours_of_silence):
    lying = hostile.flac_claiming_one_second(two_hours_of_silence)

    assert probed(probe, lying).duration_seconds == pytest.approx(7200, abs=1)


def test_measuring_stops_soon_after_the_maximum(probe, two_hours_of_silence):
    lying = hostile.flac_claiming_one_second(two_hours_of_silence)
    reader = FurthestRead(lying)

    info = probe.probe(reader, max_seconds=600)

    assert 600 < info.duration_seconds < 610  # counted up to the maximum, then stopped
    assert reader.furthest < len(lying) / 4  # without reading the rest of the two hours


def test_a_stream_cut_into_implausibly_many_packets_is_refused(two_hours_of_silence):
    stingy = PyAvAudioProbe(max_packets_per_second=1)  # the FLAC has 14 packets a second

    with pytest.raises(UnsupportedAudio, match="more frames"):
        probed(stingy, two_hours_of_silence, max_seconds=7300)


@pytest.mark.parametrize("ext", ["mp3", "flac", "ogg", "webm", "wav"])
def test_a_truncated_file_lasts_what_is_left_not_what_its_header_says(probe, ext):
    assert probed(probe, hostile.truncated(ext, 0.5)).duration_seconds < 6


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (hostile.wav_of_nan_floats, "not numbers"),
        (hostile.wav_with_huge_sample_rate, "does not decode"),
        (hostile.wav_with_zero_channels, "does not decode"),
        (hostile.gif_wav_polyglot, "does not decode"),
    ],
    ids=["nan-floats", "4-ghz", "zero-channels", "gif-wav"],
)
def test_impossible_audio_is_unsupported(probe, make, reason):
    with pytest.raises(UnsupportedAudio, match=reason):
        probed(probe, make())


def test_the_decoder_gives_what_faster_whispers_own_decoder_gives():
    content = hostile.speech("webm")

    ours = decode_mono(io.BytesIO(content), 16000)

    np.testing.assert_array_equal(ours, decode_audio(io.BytesIO(content), sampling_rate=16000))


def test_the_decoder_stops_at_the_maximum_without_holding_the_rest(two_hours_of_silence):
    lying = hostile.flac_claiming_one_second(two_hours_of_silence)
    reader = FurthestRead(lying)

    with pytest.raises(AudioTooLong):
        decode_mono(reader, 16000, max_seconds=60)

    assert reader.furthest < len(lying) / 4  # stopped at the maximum, not decoded to the end


def test_the_decoder_opens_only_the_demuxers_the_probe_accepts():
    playlist = b"#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nspeech.wav\n#EXT-X-ENDLIST\n"

    with pytest.raises(UnsupportedAudio):
        decode_mono(io.BytesIO(playlist), 16000)
