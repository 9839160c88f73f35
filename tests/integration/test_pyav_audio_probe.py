"""PyAvAudioProbe on real media: what it recognises, and that bad content is only ever UnsupportedAudio."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest

from adapters.pyav import PyAvAudioProbe
from application.errors import UnsupportedAudio
from domain.values import MediaFormat
from tests.contracts.audio_probe import AudioProbeContract
from tests.integration.synthetic_media import tone
from tests.unit.silent_audio import silent_wav

FIXTURES = Path(__file__).parent / "fixtures"
SPOKEN_SECONDS = 9.8  # both sentences with their padding; see fixtures/make_fixtures.py


@pytest.fixture(scope="module")
def probe():
    return PyAvAudioProbe()


class TestPyAvAudioProbe(AudioProbeContract):
    @pytest.fixture
    def audio(self):
        return lambda seconds: silent_wav(seconds).getvalue()


@pytest.mark.parametrize(
    ("file_name", "media_format", "sample_rate"),
    [
        ("speech.wav", MediaFormat.WAV, 16000),
        ("speech.mp3", MediaFormat.MP3, 16000),
        ("speech.flac", MediaFormat.FLAC, 16000),
        ("speech.ogg", MediaFormat.OGG, 48000),
        ("speech.webm", MediaFormat.WEBM, 48000),
        ("speech.m4a", MediaFormat.M4A, 16000),
    ],
)
def test_each_fixture_format_is_recognised_with_its_duration(probe, file_name, media_format, sample_rate):
    with open(FIXTURES / file_name, "rb") as stream:
        info = probe.probe(stream)

    assert info.media_format is media_format
    assert info.duration_seconds == pytest.approx(SPOKEN_SECONDS, abs=0.2)
    assert (info.sample_rate, info.channels) == (sample_rate, 1)


def test_the_stream_is_left_open_for_the_caller_to_rewind(probe):
    with open(FIXTURES / "speech.wav", "rb") as stream:
        probe.probe(stream)

        assert not stream.closed
        stream.seek(0)
        assert stream.read(4) == b"RIFF"


def test_a_very_short_wav_is_audio_with_its_short_duration(probe):
    with open(FIXTURES / "too_short.wav", "rb") as stream:
        assert probe.probe(stream).duration_seconds == pytest.approx(0.05, abs=0.001)


def test_mp4_with_a_video_track_is_mp4_and_without_one_m4a(probe):
    assert probe.probe(tone("mp4", "aac", with_video=True)).media_format is MediaFormat.MP4
    assert probe.probe(tone("mp4", "aac")).media_format is MediaFormat.M4A


def test_amr_is_recognised(probe):
    info = probe.probe(tone("amr", "libopencore_amrnb", rate=8000))

    assert info.media_format is MediaFormat.AMR
    assert info.duration_seconds == pytest.approx(1.0, abs=0.05)


def test_duration_is_counted_by_decoding_when_the_header_has_none(probe):
    live_webm = tone("webm", "libopus", rate=48000, seconds=2.0, muxer_options={"live": "1"})

    assert probe.probe(live_webm).duration_seconds == pytest.approx(2.0, abs=0.05)


def test_a_video_without_sound_is_unsupported(probe):
    with pytest.raises(UnsupportedAudio, match="no audio stream"):
        probe.probe(tone("mp4", None, with_video=True))


def test_audio_in_a_container_outside_the_accepted_set_is_unsupported(probe):
    with pytest.raises(UnsupportedAudio, match="does not decode as audio"):
        probe.probe(tone("aiff", "pcm_s16be"))


def test_a_text_file_is_unsupported(probe):
    with open(FIXTURES / "not_audio.txt", "rb") as stream, pytest.raises(UnsupportedAudio):
        probe.probe(stream)


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00", bytes(random.Random(7).randrange(256) for _ in range(8000))],
    ids=["empty", "one-byte", "random-bytes"],
)
def test_content_that_is_not_media_is_unsupported(probe, content):
    with pytest.raises(UnsupportedAudio, match="does not decode as audio"):
        probe.probe(io.BytesIO(content))


def test_a_wav_cut_inside_its_header_is_unsupported(probe):
    header_only = (FIXTURES / "speech.wav").read_bytes()[:30]

    with pytest.raises(UnsupportedAudio):
        probe.probe(io.BytesIO(header_only))


@pytest.mark.parametrize(
    "file_name", ["speech.wav", "speech.mp3", "speech.ogg", "speech.webm", "speech.m4a", "speech.flac"]
)
def test_damaged_files_give_unsupported_audio_or_an_answer_never_another_error(probe, file_name):
    original = (FIXTURES / file_name).read_bytes()
    rng = random.Random(file_name)
    damaged = [original[: rng.randrange(len(original))] for _ in range(10)]
    for _ in range(20):
        corrupt = bytearray(original[:20000])
        for _ in range(rng.randrange(1, 20)):
            corrupt[rng.randrange(400)] = rng.randrange(256)
        damaged.append(bytes(corrupt))

    for content in damaged:
        try:
            probe.probe(io.BytesIO(content))
        except UnsupportedAudio:
            pass
