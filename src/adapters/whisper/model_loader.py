"""Loads one faster-whisper model by name, on the configured device."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from faster_whisper import WhisperModel

from adapters.whisper.model_locator import locate_model, model_bytes
from application.errors import DependencyUnavailable


class WhisperModelLoader:
    """`loader(name)` gives a loaded model; a model that cannot be found, joined or loaded
    is DependencyUnavailable with the reason (which package to reinstall, say)."""

    def __init__(
        self,
        device: str = "cpu",
        compute_type: str = "int8",
        cpu_threads: int = 0,
        models_dir: Path | str | None = None,
        model_factory: Callable[..., Any] = WhisperModel,
    ) -> None:
        self._device = device
        self._compute_type = compute_type
        self._cpu_threads = int(cpu_threads)
        self._models_dir = Path(models_dir) if models_dir else None
        self._model_factory = model_factory

    def __call__(self, name: str) -> Any:
        try:
            return self._model_factory(
                locate_model(name, self._models_dir),
                device=self._device,
                compute_type=self._compute_type,
                cpu_threads=self._cpu_threads,
            )
        except (RuntimeError, ValueError, OSError) as error:
            raise DependencyUnavailable(f"the speech model {name!r} could not be loaded: {error}") from error

    def size_of(self, name: str) -> int:
        return model_bytes(name, self._models_dir)
