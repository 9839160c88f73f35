"""WavRecording: the LiveRecording port, a WAV file streamed into AudioStorage."""

from __future__ import annotations

import struct

from application.ports import AudioWriter
from domain.values import AudioReference

RATE = 16000
UNKNOWN = 0xFFFFFFFF  # the length is not known while streaming; readers read to the end


def wav_header(rate: int = RATE) -> bytes:
    fmt = struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16)
    return b"RIFF" + struct.pack("<I", UNKNOWN) + b"WAVEfmt " + fmt + b"data" + struct.pack("<I", UNKNOWN)


class WavRecording:
    """The storage writer cannot seek back, so the header says "length unknown" (as streaming
    WAV does); PyAV and the probe then read the samples to the end of the file."""

    def __init__(self, writer: AudioWriter) -> None:
        self._writer = writer
        self._writer.write(wav_header())
        self.bytes_written = 0

    def write(self, pcm: bytes) -> None:
        self._writer.write(pcm)
        self.bytes_written += len(pcm)

    def finish(self) -> AudioReference:
        return self._writer.commit()

    def abort(self) -> None:
        self._writer.abort()
