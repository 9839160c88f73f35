"""What /readyz runs: each check raises (anything) when its dependency is not ready.

The adapter sets say what they need checked (`readiness` in each), made from these."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

Check = Callable[[], None]


def calling(provider: Callable[[], Any], method: str, **kwargs: Any) -> Check:
    """A check that asks the adapter `provider` makes (when it is run, not before)."""

    def check() -> None:
        getattr(provider(), method)(**kwargs)

    return check


def writable(data_dir: str) -> Check:
    audio = Path(data_dir) / "audio"

    def local_disk() -> None:
        if not os.access(audio, os.W_OK):
            raise OSError(f"{audio} is not writable")

    return local_disk


def model_loaded(transcriber: Callable[[], Any]) -> Check:
    def model() -> None:
        if not transcriber().loaded:
            raise RuntimeError("the speech model is not loaded yet")

    return model
