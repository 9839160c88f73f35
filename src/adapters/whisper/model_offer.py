"""ModelOffer: the models the operator offers (VOXRELAY_MODELS), and where each one is.

A client names a model; it never names a folder or a hub repository. Each offered entry
is one of:
- a name this installation has offline (`tiny.en`, `base`);
- `name=/path/to/folder`: a CTranslate2 model folder, offered under `name`;
- any other name (`small`, `Systran/faster-whisper-large-v3`): a faster-whisper hub name,
  the only kind that may ever be downloaded, because the operator listed it.
The default model is always offered, on the same terms. Without a list, the offer is the
default model and the models this installation has offline."""

from __future__ import annotations

import re
from dataclasses import dataclass

from adapters.whisper import model_locator as locator

_NAME = re.compile(r"[\w.-]{1,100}(/[\w.-]{1,100})?")


@dataclass(frozen=True, slots=True)
class OfferedModel:
    name: str
    source: str  # what the loader is given: the name itself or the operator's folder
    downloadable: bool


class ModelOffer:
    def __init__(self, default: str, listed: str = "") -> None:
        entries = [entry.strip() for entry in listed.split(",") if entry.strip()]
        offered = [_entry(default), *map(_entry, entries)]
        if not entries:
            offered += [_entry(name) for name in locator.offline_models()]
        self._models: dict[str, OfferedModel] = {}
        for model in offered:
            self._models.setdefault(model.name, model)
        self.default = offered[0].name

    @property
    def names(self) -> list[str]:
        """The default first."""
        return list(self._models)

    def get(self, name: str) -> OfferedModel | None:
        return self._models.get(name)

    def source_of(self, name: str) -> str:
        """What the loader loads for an offered name; a name not offered is not loaded."""
        model = self._models.get(name)
        if model is None:
            raise KeyError(name)
        return model.source

    def may_download(self, name: str) -> bool:
        model = self._models.get(name)
        return model is not None and model.downloadable


def _entry(entry: str) -> OfferedModel:
    name, _, folder = entry.partition("=")
    name, folder = name.strip(), folder.strip()
    if folder:
        if not _NAME.fullmatch(name):
            raise ValueError(f"VOXRELAY_MODELS: {name!r} is not a model name ([A-Za-z0-9_.-], owner/name)")
        return OfferedModel(name, folder, downloadable=False)
    offline = name in locator.offline_models() or locator.looks_like_path(name) or locator.is_model_folder(name)
    return OfferedModel(name, name, downloadable=not offline)
