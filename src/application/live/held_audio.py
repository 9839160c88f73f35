"""HeldAudio: the recent stretch of a live stream still needed, addressed by stream position."""

from __future__ import annotations

from application.live.settings import BYTES_PER_SAMPLE


class HeldAudio:
    """Samples from `start` (a position in the stream, in samples) to `end`; what comes is
    appended, what is no longer needed is dropped from the front."""

    def __init__(self) -> None:
        self._pcm = bytearray()
        self.start = 0

    @property
    def end(self) -> int:
        return self.start + len(self._pcm) // BYTES_PER_SAMPLE

    @property
    def samples(self) -> int:
        return len(self._pcm) // BYTES_PER_SAMPLE

    def append(self, pcm: bytes) -> None:
        self._pcm += pcm

    def between(self, start: int, end: int) -> bytes:
        """A copy of [start, end), clipped to what is held."""
        begin = (max(start, self.start) - self.start) * BYTES_PER_SAMPLE
        return bytes(memoryview(self._pcm)[begin : (end - self.start) * BYTES_PER_SAMPLE])

    def keep_from(self, position: int) -> None:
        drop = min(max(0, position - self.start), self.samples)
        if drop:
            del self._pcm[: drop * BYTES_PER_SAMPLE]
            self.start += drop

    def drop_all(self) -> None:
        self.keep_from(self.end)
