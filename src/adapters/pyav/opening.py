"""Opening untrusted media with FFmpeg's accepted demuxers only, shared by probe and decoder."""

from __future__ import annotations

from typing import BinaryIO

import av

from adapters.pyav.codecs import DECODERS
from adapters.pyav.formats import DEMUXER_WHITELIST

DECODER_WHITELIST = ",".join(sorted(DECODERS))

# What FFmpeg and PyAV raise on content that is not what it claims to be. Overflow and
# division errors come from absurd header values (a zero sample rate, a huge duration).
CORRUPT = (av.error.FFmpegError, ValueError, IndexError, EOFError, ZeroDivisionError, OverflowError)

# Outside these, a header describes no recording a person would upload for speech.
SAMPLE_RATES = range(1000, 768_001)
CHANNELS = range(1, 33)


def open_untrusted(audio: BinaryIO) -> av.container.InputContainer:
    """The same bytes always meet the same demuxer: the probe and the decoder both open
    them here, so content the probe accepted cannot be read as a playlist by the decoder.
    FFmpeg decodes a little while opening, to learn the streams: the codec whitelist keeps
    that to our decoders too; `check_codec` refuses the rest before we decode ourselves."""
    return av.open(
        audio,
        mode="r",
        metadata_errors="ignore",
        options={"format_whitelist": DEMUXER_WHITELIST, "codec_whitelist": DECODER_WHITELIST},
    )
