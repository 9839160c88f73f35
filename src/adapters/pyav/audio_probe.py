"""PyAvAudioProbe: the AudioProbe port on PyAV."""

from __future__ import annotations

from typing import BinaryIO

import av
import numpy as np

from adapters.pyav.codecs import check_codec
from adapters.pyav.formats import media_format_of
from adapters.pyav.opening import CHANNELS, CORRUPT, SAMPLE_RATES, open_untrusted
from application.errors import UnsupportedAudio
from application.ports import AudioInfo

_NOT_AUDIO = "the content does not decode as audio"
_ACCEPTED = "wav, mp3, flac, ogg, webm, m4a, mp4 or amr"
_DAY = 24 * 3600.0


class PyAvAudioProbe:
    """Opens the stream with FFmpeg's accepted demuxers only, requires an audio stream and
    decodes its first frame, if its codec is one we accept. The duration is measured, never read from a header: headers
    lie (a WAV claiming ten hours, a FLAC claiming one second in front of two hours), so
    the probe walks every packet of the audio stream and adds up what each one holds.
    Walking packets reads but does not decode, so an hour of compressed silence is counted
    in well under a second; counting stops once past `max_seconds` (the caller refuses
    such audio anyway), or after `max_packets_per_second` packets per second of that
    limit, more than any real recording is cut into. The stream is left open."""

    def __init__(self, max_packets_per_second: int = 200, uncapped_seconds: float = _DAY) -> None:
        self._packet_rate = max_packets_per_second
        self._uncapped = uncapped_seconds

    def probe(self, audio: BinaryIO, max_seconds: float | None = None) -> AudioInfo:
        try:
            return self._probe(audio, max_seconds or self._uncapped)
        except UnsupportedAudio:
            raise
        except CORRUPT as error:
            # FFmpeg's own message says little a client can act on, and may name a temp path.
            raise UnsupportedAudio(f"{_NOT_AUDIO} in an accepted format ({_ACCEPTED})") from error

    def _probe(self, audio: BinaryIO, cap: float) -> AudioInfo:
        with open_untrusted(audio) as container:
            if not container.streams.audio:
                raise UnsupportedAudio(f"{_NOT_AUDIO}: it has no audio stream")
            stream = container.streams.audio[0]
            media_format = media_format_of(container.format.name, bool(container.streams.video))
            if media_format is None:
                raise UnsupportedAudio(f"{_NOT_AUDIO} in an accepted format ({_ACCEPTED})")
            check_codec(getattr(stream.codec_context, "name", None))  # before any packet reaches a decoder
            first, seconds = _measure(container, stream, cap, int(cap * self._packet_rate) + 10_000)
        return AudioInfo(media_format, seconds, first.sample_rate, len(first.layout.channels))


def _measure(container, stream, cap: float, max_packets: int) -> tuple[av.AudioFrame, float]:
    """The first frame with sound, and the seconds the stream holds (past `cap`: stopped there)."""
    first = None
    seconds = 0.0
    fixed = 0.0  # codecs with a fixed frame size decode that many samples whatever the container says
    for count, packet in enumerate(container.demux(stream)):
        if packet.size == 0:
            continue  # the demuxer's end-of-stream marker
        if count > max_packets:
            raise UnsupportedAudio(f"{_NOT_AUDIO}: it is cut into more frames than any recording")
        frames = packet.decode() if first is None or not packet.duration else []
        if first is None:
            first = next((f for f in frames if f.samples > 0), None)
            if first is not None:
                _check_first_frame(first)
                size = stream.codec_context.frame_size
                fixed = size / first.sample_rate if size else 0.0
        if packet.duration and packet.time_base:
            seconds += max(float(packet.duration * packet.time_base), fixed)
        else:
            seconds += sum(f.samples / f.sample_rate for f in frames if f.sample_rate)
        if seconds > cap and first is not None:
            break
    if first is None:
        raise UnsupportedAudio(f"{_NOT_AUDIO}: its audio stream holds no sound")
    return first, round(seconds, 6)


def _check_first_frame(frame: av.AudioFrame) -> None:
    if frame.sample_rate not in SAMPLE_RATES:
        raise UnsupportedAudio(f"{_NOT_AUDIO}: a sample rate of {frame.sample_rate} Hz is not a recording's")
    if len(frame.layout.channels) not in CHANNELS:
        raise UnsupportedAudio(f"{_NOT_AUDIO}: {len(frame.layout.channels)} channels is not a recording's")
    samples = frame.to_ndarray()
    if samples.dtype.kind == "f" and not np.isfinite(samples).all():
        raise UnsupportedAudio(f"{_NOT_AUDIO}: its samples are not numbers (NaN or infinite)")
