"""The audio a job may bring: its bytes and its measured length."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from entrypoints.settings_fields.option import opt


@dataclass(frozen=True)
class AudioSettings:
    max_upload_bytes: int = opt(512 * 1024 * 1024, "largest accepted upload, counted while streaming")
    min_audio_seconds: float = opt(0.1, "shortest accepted audio")
    max_audio_seconds: float = opt(
        4 * 3600.0, "longest accepted audio, measured from the content, never from its header"
    )


# When one of these settings is broken, and what is said ({p}: the prefix), checked in this order.
AUDIO_BOUNDS: tuple[tuple[Callable[[AudioSettings], bool], str], ...] = (
    (lambda s: s.max_upload_bytes < 1, "{p}MAX_UPLOAD_BYTES must be positive"),
    (lambda s: s.max_audio_seconds <= 0, "{p}MAX_AUDIO_SECONDS must be positive"),
)
