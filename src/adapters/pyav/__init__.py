"""Looking inside uploads with PyAV (FFmpeg's demuxers and decoders)."""

from adapters.pyav.audio_probe import PyAvAudioProbe
from adapters.pyav.pcm_decoder import decode_mono

__all__ = ["PyAvAudioProbe", "decode_mono"]
