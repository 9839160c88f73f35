"""The ModelCatalog port for the local Whisper engine."""

from __future__ import annotations

from faster_whisper import available_models
from faster_whisper.tokenizer import _LANGUAGE_CODES

from adapters.whisper import model_locator as locator
from adapters.whisper.model_pool import SHARED_MODEL_PREFIX, WhisperModelPool
from application.errors import UnknownModel, UnsupportedLanguage
from application.ports import ModelInfo


class WhisperModelCatalog:
    """Offers the default model, the models this installation has offline (`tiny.en`,
    `base` when its packages are installed) and any other loaded one. Also accepted: a
    local CTranslate2 model folder by path, and a faster-whisper hub name ("small",
    "Systran/faster-whisper-large-v3"), which loads only when the machine is online.

    English-only models (`.en`) accept no language but English: faster-whisper would
    silently transcribe French speech as English words, so the request is refused instead.
    """

    def __init__(self, default: str, pool: WhisperModelPool | None = None) -> None:
        self._default = default
        self._pool = pool

    def models(self) -> list[ModelInfo]:
        loaded = self._speech_models_loaded()
        names = list(dict.fromkeys([self._default, *locator.offline_models(), *loaded]))
        return [ModelInfo(name, locator.is_multilingual(name), name in loaded) for name in names]

    def check(self, model: str | None, language: str | None) -> None:
        name = (model or self._default).strip()
        if not self._usable(name):
            raise UnknownModel(name, [info.name for info in self.models()])
        if language is None:
            return
        if language not in _LANGUAGE_CODES:
            raise UnsupportedLanguage(name, language, "Whisper does not know this language")
        if language != "en" and not locator.is_multilingual(name):
            multilingual = [info.name for info in self.models() if info.multilingual]
            hint = f"; use a multilingual model such as {multilingual[0]!r}" if multilingual else ""
            raise UnsupportedLanguage(name, language, f"it is an English-only model{hint}")

    def _speech_models_loaded(self) -> list[str]:
        loaded = self._pool.loaded() if self._pool is not None else []
        return [name for name in loaded if not name.startswith(SHARED_MODEL_PREFIX)]

    def _usable(self, name: str) -> bool:
        if name == self._default or name in locator.offline_models():
            return True
        if name in self._speech_models_loaded():
            return True
        if locator.is_model_folder(name):
            return True
        return not locator.looks_like_path(name) and locator.is_hub_name(name, available_models())
