"""LocalDiskAudioStorage: uploads as files under `<root>/audio/`, named by keys it chooses."""

from __future__ import annotations

import os
import re
import time
import uuid
from pathlib import Path
from typing import BinaryIO

from domain.values import AudioReference

_KEY = re.compile(r"[0-9a-f]{32}")
_INCOMING = ".incoming-"


class _DiskWriter:
    """Streams into a hidden temp file beside the final one, so `commit` is one atomic rename."""

    def __init__(self, directory: Path, fsync: bool) -> None:
        self._directory = directory
        self._fsync = fsync
        self._temp = directory / f"{_INCOMING}{uuid.uuid4().hex}"
        self._file: BinaryIO | None = open(self._temp, "xb")  # noqa: SIM115 - closed by commit/abort
        self._size = 0

    def write(self, chunk: bytes) -> None:
        if self._file is None:
            raise ValueError("writer already closed")
        self._file.write(chunk)
        self._size += len(chunk)

    def commit(self) -> AudioReference:
        if self._file is None:
            raise ValueError("writer already closed")
        self._file.flush()
        if self._fsync:
            os.fsync(self._file.fileno())
        self._file.close()
        self._file = None
        key = uuid.uuid4().hex
        os.replace(self._temp, self._directory / key)
        if self._fsync:
            _fsync_directory(self._directory)
        return AudioReference(key, self._size)

    def abort(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        # After a commit the temp name is gone; after a failed commit it may still be there.
        self._temp.unlink(missing_ok=True)


class LocalDiskAudioStorage:
    """Keys are 32 hex digits this class generated; any other key is refused with KeyError,
    so no crafted key can name a path outside `<root>/audio/`.

    Creating the storage removes upload temp files older than `stale_after_seconds`: the
    leftovers of a process that died mid-upload.
    """

    def __init__(self, root: str | os.PathLike[str], fsync: bool = True, stale_after_seconds: float = 3600.0) -> None:
        self.directory = Path(root) / "audio"
        self.directory.mkdir(parents=True, exist_ok=True)
        self._fsync = fsync
        self.remove_stale_uploads(stale_after_seconds)

    def create(self) -> _DiskWriter:
        return _DiskWriter(self.directory, self._fsync)

    def open(self, ref: AudioReference) -> BinaryIO:
        try:
            return open(self._path(ref), "rb")
        except FileNotFoundError:
            raise KeyError(ref.key) from None

    def exists(self, ref: AudioReference) -> bool:
        return _KEY.fullmatch(ref.key) is not None and self._path(ref).is_file()

    def delete(self, ref: AudioReference) -> None:
        self._path(ref).unlink(missing_ok=True)

    def remove_stale_uploads(self, older_than_seconds: float) -> int:
        """Delete temp files of uploads that never ended; returns how many were removed."""
        cutoff = time.time() - older_than_seconds
        removed = 0
        for temp in self.directory.glob(f"{_INCOMING}*"):
            try:
                if temp.stat().st_mtime < cutoff:
                    temp.unlink()
                    removed += 1
            except FileNotFoundError:  # another process cleaned it first
                continue
        return removed

    def _path(self, ref: AudioReference) -> Path:
        if not _KEY.fullmatch(ref.key):
            raise KeyError(ref.key)
        return self.directory / ref.key


def _fsync_directory(directory: Path) -> None:
    # Makes the rename itself durable; not every platform lets a directory be opened.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
