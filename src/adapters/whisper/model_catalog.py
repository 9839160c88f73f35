"""The ModelCatalog port for the local Whisper engine."""

from __future__ import annotations

from faster_whisper.tokenizer import _LANGUAGE_CODES  # type: ignore[import-untyped]

from adapters.whisper import model_locator as locator
from adapters.whisper.model_offer import ModelOffer
from adapters.whisper.model_pool import WhisperModelPool
from application.errors import UnknownModel, UnsupportedLanguage
from application.ports import ModelInfo


class WhisperModelCatalog:
    """Offers what the operator's ModelOffer lists, and nothing else: no folder by path, no
    hub name the operator did not list, so a client can neither make the server download
    a model nor learn whether a path exists. The refusal lists the offered names only.

    English-only models (`.en`) accept no language but English: faster-whisper would
    silently transcribe French speech as English words, so the request is refused instead.
    """

    def __init__(self, default: str, pool: WhisperModelPool | None = None, offer: ModelOffer | None = None) -> None:
        self._offer = offer or ModelOffer(default)
        self._pool = pool

    def models(self) -> list[ModelInfo]:
        loaded = set(self._pool.loaded()) if self._pool is not None else set()
        return [ModelInfo(name, self._multilingual(name), name in loaded) for name in self._offer.names]

    def check(self, model: str | None, language: str | None) -> None:
        name = (model or self._offer.default).strip()
        if self._offer.get(name) is None:
            raise UnknownModel(name[:100], self._offer.names)
        if language is None:
            return
        if language not in _LANGUAGE_CODES:
            raise UnsupportedLanguage(name, language, "Whisper does not know this language")
        if language != "en" and not self._multilingual(name):
            multilingual = [info.name for info in self.models() if info.multilingual]
            hint = f"; use a multilingual model such as {multilingual[0]!r}" if multilingual else ""
            raise UnsupportedLanguage(name, language, f"it is an English-only model{hint}")

    def _multilingual(self, name: str) -> bool:
        return locator.is_multilingual(self._offer.source_of(name))
