"""The speech models a service offers, and whether a request can be served by them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class ModelInfo:
    name: str
    multilingual: bool
    loaded: bool


class ModelCatalog(Protocol):
    def models(self) -> list[ModelInfo]:
        """The models a client may name, the default first."""
        ...

    def check(self, model: str | None, language: str | None) -> None:
        """Accept the pair or explain why not, before any work is done for the request.

        `model` None is the default model; `language` None lets the model detect or assume
        its own. Raise UnknownModel (naming the available ones) for a model this service
        cannot use, UnsupportedLanguage for a language the model cannot transcribe.
        """
        ...


class EngineChosenModels:
    """The null ModelCatalog, for an engine that names its own models and languages (Amazon
    Transcribe): it offers none by name and refuses nothing, so the engine refuses what it
    cannot do."""

    def models(self) -> list[ModelInfo]:
        return []

    def check(self, model: str | None, language: str | None) -> None:
        pass


ENGINE_CHOSEN_MODELS: ModelCatalog = EngineChosenModels()
