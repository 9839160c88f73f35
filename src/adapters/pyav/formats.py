"""Which FFmpeg demuxers we accept, and the MediaFormat each stands for."""

from __future__ import annotations

from domain.values import MediaFormat

# FFmpeg names some demuxers by a comma-separated family ("mov,mp4,m4a,3gp,3g2,mj2",
# "matroska,webm"); any member of the family selects the format.
_DEMUXERS: dict[str, MediaFormat] = {
    "wav": MediaFormat.WAV,
    "mp3": MediaFormat.MP3,
    "flac": MediaFormat.FLAC,
    "ogg": MediaFormat.OGG,  # Opus, Vorbis, FLAC or Speex in Ogg
    "matroska": MediaFormat.WEBM,
    "webm": MediaFormat.WEBM,
    "mov": MediaFormat.M4A,
    "mp4": MediaFormat.M4A,
    "m4a": MediaFormat.M4A,
    "amr": MediaFormat.AMR,
}

# Handed to FFmpeg so that it refuses every other demuxer while opening: untrusted uploads
# never reach the playlist (hls, concat) or exotic demuxers.
DEMUXER_WHITELIST = ",".join(_DEMUXERS)


def media_format_of(demuxer_name: str, has_video: bool) -> MediaFormat | None:
    """The MediaFormat of a container, or None if we do not accept it.

    An mp4-family container with a video stream is MP4, with audio only M4A.
    """
    for name in demuxer_name.split(","):
        media_format = _DEMUXERS.get(name)
        if media_format is not None:
            if media_format is MediaFormat.M4A and has_video:
                return MediaFormat.MP4
            return media_format
    return None
