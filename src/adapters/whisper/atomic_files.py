"""Files that appear whole or not at all: written beside their target, flushed to disk and
renamed into place; a half-written one is never seen under the target's name."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import BinaryIO

CHUNK = 4 * 1024 * 1024


def copy_atomically(source: Path, target: Path) -> None:
    with temporary_beside(target) as (out, temp), source.open("rb") as data:
        shutil.copyfileobj(data, out, CHUNK)
        out.flush()
        os.fsync(out.fileno())
        os.replace(temp, target)


def write_atomically(target: Path, content: bytes) -> None:
    with temporary_beside(target) as (out, temp):
        out.write(content)
        out.flush()
        os.fsync(out.fileno())
        os.replace(temp, target)


class temporary_beside:
    """A temporary file beside `target`, removed unless it was renamed into place."""

    def __init__(self, target: Path) -> None:
        self._target = target

    def __enter__(self) -> tuple[BinaryIO, Path]:
        fd, name = tempfile.mkstemp(prefix=f".{self._target.name}.", suffix=".tmp", dir=self._target.parent)
        self._path = Path(name)
        os.fchmod(fd, 0o644)  # mkstemp makes it private; the model is for every local user
        self._file = os.fdopen(fd, "wb")
        return self._file, self._path

    def __exit__(self, *_: object) -> None:
        self._file.close()
        self._path.unlink(missing_ok=True)


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
