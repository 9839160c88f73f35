"""MemoryAudioStorage: audio kept in a dict; `objects` shows what is stored."""

from __future__ import annotations

import io
import threading
import uuid

from domain.values import AudioReference


class _MemoryWriter:
    def __init__(self, storage: MemoryAudioStorage) -> None:
        self._storage = storage
        self._buffer = bytearray()
        self._done = False

    def write(self, chunk: bytes) -> None:
        if self._done:
            raise ValueError("writer already closed")
        self._buffer += chunk

    def commit(self) -> AudioReference:
        self._done = True
        key = uuid.uuid4().hex
        with self._storage.lock:
            self._storage.objects[key] = bytes(self._buffer)
        return AudioReference(key, len(self._buffer))

    def abort(self) -> None:
        self._done = True
        self._buffer = bytearray()


class MemoryAudioStorage:
    def __init__(self) -> None:
        self.objects: dict[str, bytes] = {}
        self.lock = threading.Lock()

    def create(self) -> _MemoryWriter:
        return _MemoryWriter(self)

    def open(self, ref: AudioReference) -> io.BytesIO:
        with self.lock:
            return io.BytesIO(self.objects[ref.key])

    def exists(self, ref: AudioReference) -> bool:
        with self.lock:
            return ref.key in self.objects

    def delete(self, ref: AudioReference) -> None:
        with self.lock:
            self.objects.pop(ref.key, None)
