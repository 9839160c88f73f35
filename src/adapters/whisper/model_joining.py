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
import json
import os
from pathlib import Path

from adapters.whisper.atomic_files import CHUNK, copy_atomically, fsync_dir, temporary_beside, write_atomically
from adapters.whisper.model_parts import (
    BASE,
    JoinedModel,
    ModelPart,
    PackageFolder,
    installed_package_folder,
    parts_installed,
)

__all__ = ["BASE", "JoinedModel", "ModelJoinFailed", "ModelPart", "is_joined", "join_model", "parts_installed"]

MARKER = ".verified"


class ModelJoinFailed(RuntimeError):
    """The pieces are missing or corrupt; the message says which package to (re)install."""


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
            if not (first_root / name).is_file():
                raise _corrupt(model.parts[0], f"{Path(name).name} is missing")
            copy_atomically(first_root / name, folder / Path(name).name)
        _join_atomically(model, sources, folder / "model.bin")
        write_atomically(folder / MARKER, json.dumps({"sha256": model.sha256, "size": model.size}).encode())
        fsync_dir(folder)
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
    with temporary_beside(target) as (out, temp):
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
