"""Which FFmpeg audio decoders we let untrusted uploads reach.

The demuxer whitelist (formats.py) picks the container; a container can still carry any
codec FFmpeg knows (a WAV of ADPCM variants, a Matroska of an obscure or rarely fuzzed
decoder). Only the decoders of the formats we advertise are let through."""

from __future__ import annotations

from application.errors import UnsupportedAudio

DECODERS = frozenset(
    {
        # WAV and AMR: linear PCM, telephone companding, AMR narrow and wide band
        *(f"pcm_{kind}" for kind in ("s16le", "s16be", "s24le", "s32le", "f32le", "f64le", "u8", "mulaw", "alaw")),
        "amrnb",
        "amrwb",
        "libopencore_amrnb",
        "libopencore_amrwb",
        # MP3, FLAC, Ogg and WebM (Opus, Vorbis, FLAC, Speex), M4A and MP4 (AAC, ALAC)
        "mp3",
        "mp3float",
        "flac",
        "opus",
        "libopus",
        "vorbis",
        "libvorbis",
        "speex",
        "libspeex",
        "aac",
        "aac_fixed",
        "aac_latm",
        "alac",
    }
)


def check_codec(decoder_name: str | None) -> None:
    if decoder_name not in DECODERS:
        raise UnsupportedAudio(
            f"the audio is encoded with {decoder_name or 'an unknown codec'}, which this service does not decode"
        )
