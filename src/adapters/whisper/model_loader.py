"""Loads one faster-whisper model by name, on the configured device."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from faster_whisper import WhisperModel  # type: ignore[import-untyped]

from adapters.whisper.engine_replicas import EngineReplicas
from adapters.whisper.model_locator import locate_model, model_bytes
from adapters.whisper.model_offer import ModelOffer
from adapters.whisper.word_alignment import WindowKeepingWhisperModel
from application.errors import DependencyUnavailable

log = logging.getLogger(__name__)


class WhisperModelLoader:
    """`loader(name)` gives a loaded model; a model that cannot be found, joined or loaded
    is DependencyUnavailable; its reason (which may name a folder) goes to the log, not
    the client. With an offer, a name is loaded from where the offer says, and only a hub
    name the operator listed may be downloaded: everything else loads local files only.
    A model on the CPU carries `replicas` (EngineReplicas), the engine its batches run on.
    Models are `WindowKeepingWhisperModel`s by default: word alignment reuses the encoder
    output of the window just decoded, where a plain WhisperModel has each window encoded
    a second time (about 0.4 CPU s of a short clip's 1.1 on 2 cores)."""

    def __init__(
        self,
        device: str = "cpu",
        compute_type: str = "int8",
        cpu_threads: int = 0,
        models_dir: Path | str | None = None,
        model_factory: Callable[..., Any] = WindowKeepingWhisperModel,
        offer: ModelOffer | None = None,
    ) -> None:
        self._offer = offer
        self._device = device
        self._compute_type = compute_type
        self._cpu_threads = int(cpu_threads)
        self._models_dir = Path(models_dir) if models_dir else None
        self._model_factory = model_factory

    def __call__(self, name: str) -> Any:
        extra = {} if self._offer is None else {"local_files_only": not self._offer.may_download(name)}
        try:
            path = locate_model(self._source(name), self._models_dir)
            model = self._model_factory(
                path,
                device=self._device,
                compute_type=self._compute_type,
                cpu_threads=self._cpu_threads,
                **extra,
            )
        except (RuntimeError, ValueError, OSError) as error:
            log.error("the speech model %r could not be loaded: %s", name, error)
            raise DependencyUnavailable(f"the speech model {name!r} could not be loaded; see the log") from error
        if isinstance(model, WhisperModel) and Path(path).is_dir():  # not for a hub name, downloaded elsewhere
            model.replicas = EngineReplicas.for_model(str(path), self._device, self._compute_type, self._cpu_threads)
        return model

    def size_of(self, name: str) -> int:
        return model_bytes(self._source(name), self._models_dir)

    def _source(self, name: str) -> str:
        if self._offer is not None and self._offer.get(name) is not None:
            return self._offer.source_of(name)
        return name
