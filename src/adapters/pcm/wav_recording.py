"""WavRecording: the LiveRecording port, a WAV file streamed into AudioStorage."""

from __future__ import annotations

import struct
import threading

from application.ports import AudioWriter
from domain.values import AudioReference

RATE = 16000
UNKNOWN = 0xFFFFFFFF  # the length is not known while streaming; readers read to the end


def wav_header(rate: int = RATE) -> bytes:
    fmt = struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16)
    return b"RIFF" + struct.pack("<I", UNKNOWN) + b"WAVEfmt " + fmt + b"data" + struct.pack("<I", UNKNOWN)


class WavRecording:
    """The storage writer cannot seek back, so the header says "length unknown" (as streaming
    WAV does); PyAV and the probe then read the samples to the end of the file.

    Audio is collected in memory and handed to the writer in pieces of at least
    `flush_bytes` by `flush`, off the event loop: a storage write can be a network call (an S3
    part). The lock keeps a flush in a thread and a write on the loop from losing bytes."""

    def __init__(self, writer: AudioWriter, flush_bytes: int = 256 * 1024) -> None:
        self._writer = writer
        self._flush_bytes = flush_bytes
        self._pending = bytearray(wav_header())
        self._lock = threading.Lock()

    def write(self, pcm: bytes) -> None:
        with self._lock:
            self._pending += pcm

    @property
    def flush_due(self) -> bool:
        return len(self._pending) >= self._flush_bytes

    def flush(self) -> None:
        with self._lock:
            chunk = bytes(self._pending)
            self._pending.clear()
        if chunk:
            self._writer.write(chunk)

    def finish(self) -> AudioReference:
        self.flush()
        return self._writer.commit()

    def abort(self) -> None:
        with self._lock:
            self._pending.clear()
        self._writer.abort()
