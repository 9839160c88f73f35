"""A model catalog from a fixed list, for tests and engines whose models never change."""

from __future__ import annotations

from application.errors import UnknownModel, UnsupportedLanguage
from application.ports import ModelInfo


class MemoryModelCatalog:
    """Offers `models` (name -> multilingual); the first is the default. Records each check."""

    def __init__(self, models: dict[str, bool], loaded: tuple[str, ...] = ()) -> None:
        if not models:
            raise ValueError("a catalog needs at least one model")
        self._models = dict(models)
        self.default = next(iter(self._models))
        self.loaded = set(loaded)
        self.checked: list[tuple[str | None, str | None]] = []

    def models(self) -> list[ModelInfo]:
        return [ModelInfo(name, multi, name in self.loaded) for name, multi in self._models.items()]

    def check(self, model: str | None, language: str | None) -> None:
        self.checked.append((model, language))
        name = model or self.default
        if name not in self._models:
            raise UnknownModel(name, list(self._models))
        if language not in (None, "en") and not self._models[name]:
            raise UnsupportedLanguage(name, language, "it is an English-only model")
