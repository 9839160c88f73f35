"""A corpus of hostile uploads, built at test time from the committed speech fixtures.

Each maker returns bytes. The idea of each one is an attack or an accident seen in the wild:
a header that lies about the length, a small file that decodes to hours, content that is
two formats at once, values no real recorder writes.
"""

from __future__ import annotations

import io
import struct
from functools import lru_cache
from pathlib import Path

import av
import numpy as np

from tests.integration.synthetic_media import tone

FIXTURES = Path(__file__).parent / "fixtures"
SPEECH_FORMATS = ("wav", "mp3", "flac", "ogg", "webm", "m4a")
TEN_HOURS = 10 * 3600


def speech(ext: str) -> bytes:
    if ext == "mp4":
        return speech_mp4()
    return (FIXTURES / f"speech.{ext}").read_bytes()


def speech_mp4() -> bytes:
    """The spoken fixture with a black video track, in mp4."""
    buffer = io.BytesIO()
    with av.open(str(FIXTURES / "speech.wav")) as inp, av.open(buffer, "w", format="mp4") as out:
        video = out.add_stream("mpeg4", rate=5)
        video.width, video.height, video.pix_fmt = 64, 48, "yuv420p"
        audio = out.add_stream("aac", rate=16000, layout="mono")
        black = av.VideoFrame.from_ndarray(np.zeros((48, 64, 3), np.uint8), format="rgb24")
        for i in range(50):
            black.pts = i
            out.mux(video.encode(black))
        out.mux(video.encode(None))
        resampler = av.AudioResampler(format=audio.format.name, layout="mono", rate=16000)
        for frame in inp.decode(audio=0):
            for converted in resampler.resample(frame):
                out.mux(audio.encode(converted))
        out.mux(audio.encode(None))
    return buffer.getvalue()


def truncated(ext: str, fraction: float) -> bytes:
    content = speech(ext)
    return content[: int(len(content) * fraction)]


def wav(
    pcm: bytes,
    *,
    rate: int = 16000,
    channels: int = 1,
    bits: int = 16,
    format_tag: int = 1,
    data_size: int | None = None,
) -> bytes:
    """A canonical 44-byte-header WAV around `pcm`; every header field can be made to lie."""
    block_align = channels * bits // 8
    byte_rate = (rate * block_align) & 0xFFFFFFFF
    size = len(pcm) if data_size is None else data_size
    fmt = struct.pack("<HHIIHH", format_tag, channels, rate & 0xFFFFFFFF, byte_rate, block_align, bits)
    riff_size = min(4 + 8 + len(fmt) + 8 + size, 0xFFFFFFFF)
    return (
        b"RIFF"
        + struct.pack("<I", riff_size)
        + b"WAVE"
        + b"fmt "
        + struct.pack("<I", len(fmt))
        + fmt
        + b"data"
        + struct.pack("<I", size)
        + pcm
    )


def speech_pcm() -> bytes:
    """The 16 kHz mono s16 samples of the spoken fixture."""
    with av.open(str(FIXTURES / "speech.wav")) as container:
        return b"".join(bytes(frame.to_ndarray().tobytes()) for frame in container.decode(audio=0))


def wav_claiming_ten_hours() -> bytes:
    """The spoken fixture (9.8 s) under a header whose data chunk claims ten hours."""
    return wav(speech_pcm(), data_size=TEN_HOURS * 16000 * 2)


def wav_with_huge_sample_rate() -> bytes:
    """A 4 GHz sample rate: a second of samples would be 8 GB."""
    return wav(speech_pcm()[:32000], rate=4_000_000_000)


def wav_with_zero_channels() -> bytes:
    return wav(speech_pcm()[:32000], channels=0)


def wav_of_nan_floats() -> bytes:
    """IEEE float WAV (format 3) whose every sample is NaN, for two seconds."""
    return wav(np.full(32000, np.nan, dtype="<f4").tobytes(), bits=32, format_tag=3)


@lru_cache(maxsize=2)
def silence_flac(seconds: int, rate: int = 8000) -> bytes:
    """Digital silence in FLAC: about 11 KB a minute (1.3 MB for two hours) that decode to
    `seconds`. Cached: making two hours takes a couple of seconds."""
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="flac") as out:
        stream = out.add_stream("flac", rate=rate, layout="mono")
        block = np.zeros((1, rate * 60), np.int16)
        for minute in range(seconds // 60):
            frame = av.AudioFrame.from_ndarray(block, format="s16", layout="mono")
            frame.sample_rate, frame.pts = rate, minute * rate * 60
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    return buffer.getvalue()


def flac_claiming_one_second(content: bytes) -> bytes:
    """Patch STREAMINFO's 36-bit total-samples field so the header claims 8000 samples."""
    assert content[:4] == b"fLaC"
    at = 8 + 10 + 3  # marker, block header, block/frame sizes; then 20+3+5 bits, then 36 bits
    packed = int.from_bytes(content[at : at + 5], "big")
    packed = (packed & ~((1 << 36) - 1)) | 8000
    return content[:at] + packed.to_bytes(5, "big") + content[at + 5 :]


def video_only_mp4() -> bytes:
    return tone("mp4", None, with_video=True).getvalue()


def text_file() -> bytes:
    return (FIXTURES / "not_audio.txt").read_bytes()


def gif_wav_polyglot() -> bytes:
    """Starts as a GIF (the header a browser sniffs), with a WAV inside."""
    gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"
    return gif + speech("wav")


def wav_html_polyglot() -> bytes:
    """A real WAV whose trailing chunk is an HTML page with a script: audio to FFmpeg,
    a page to a browser that sniffs it. Served back, it must never be served as HTML."""
    page = b"<html><body><script>alert(document.cookie)</script></body></html>"
    content = bytearray(speech("wav"))
    chunk = b"LIST" + struct.pack("<I", len(page)) + page
    content += chunk
    struct.pack_into("<I", content, 4, len(content) - 8)
    return bytes(content)


def wav_zip_polyglot() -> bytes:
    """A WAV that is also a valid zip archive (zip readers look from the end)."""
    import zipfile

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("readme.html", "<script>alert(1)</script>")
    return speech("wav") + archive.getvalue()
