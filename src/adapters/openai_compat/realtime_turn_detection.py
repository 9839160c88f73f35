"""A Realtime session's `turn_detection`: OpenAI's server_vad fields in, as the server echoes them out."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from adapters.openai_compat.realtime_fields import InvalidSession, object_at
from application.live import VadSettings

_VAD_FIELDS = ("threshold", "prefix_padding_ms", "silence_duration_ms")


def turn_detection(raw: Any, current: VadSettings | None, where: str) -> VadSettings | None:
    """`current` with the fields `raw` sets (a field left out keeps its value); None turns
    server VAD off; InvalidSession for another type or a value out of range."""
    if raw is None:
        return None
    raw = object_at(raw, where)
    if raw.get("type", "server_vad") != "server_vad":
        raise InvalidSession(
            f"turn_detection type {raw.get('type')!r} is not supported: use server_vad or null", f"{where}.type"
        )
    values = {k: raw[k] for k in _VAD_FIELDS if raw.get(k) is not None}
    vad = replace(current or VadSettings(), **values)
    if not all(
        isinstance(getattr(vad, k), (int, float)) and not isinstance(getattr(vad, k), bool) for k in _VAD_FIELDS
    ):
        raise InvalidSession("threshold, prefix_padding_ms and silence_duration_ms must be numbers", where)
    if not 0.0 <= float(vad.threshold) <= 1.0:
        raise InvalidSession("threshold must lie between 0 and 1", f"{where}.threshold")
    if min(int(vad.prefix_padding_ms), int(vad.silence_duration_ms)) < 0:
        raise InvalidSession("prefix_padding_ms and silence_duration_ms cannot be negative", where)
    return replace(
        vad,
        threshold=float(vad.threshold),
        prefix_padding_ms=int(vad.prefix_padding_ms),
        silence_duration_ms=int(vad.silence_duration_ms),
    )


def turn_detection_json(vad: VadSettings | None) -> dict[str, Any] | None:
    if vad is None:
        return None
    return {"type": "server_vad", **{k: getattr(vad, k) for k in _VAD_FIELDS}}
