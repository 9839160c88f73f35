"""Whisper's words for how a segment was decoded, which OpenAI's verbose transcripts repeat.

The domain's `Segment.decoding` is an opaque, read-only mapping the engine fills; this is
the one faster-whisper fills, and the one the adapters that speak these words read back
(OpenAI's verbose_json, the stored record)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True, slots=True)
class SegmentDecoding(Mapping[str, object]):
    """A value (equal, hashable) with Whisper's fields as attributes, and the mapping of
    them, in this order, that `Segment.decoding` carries."""

    seek: int = 0
    tokens: tuple[int, ...] = ()
    temperature: float = 0.0
    avg_logprob: float = 0.0
    compression_ratio: float = 0.0
    no_speech_prob: float = 0.0

    @classmethod
    def of(cls, decoding: Mapping[str, object] | None) -> SegmentDecoding:
        """The decoding a segment carries in these words: no details are all zeros, as OpenAI
        reports them; a mapping another engine filled gives the fields it names."""
        if decoding is None:
            return cls()
        if isinstance(decoding, cls):
            return decoding
        known: dict[str, Any] = {name: decoding[name] for name in _FIELDS if name in decoding}
        if "tokens" in known:
            known["tokens"] = tuple(known["tokens"])
        return cls(**known)

    def __getitem__(self, name: str) -> object:
        if name not in _FIELDS:
            raise KeyError(name)
        return getattr(self, name)

    def __iter__(self) -> Iterator[str]:
        return iter(_FIELDS)

    def __len__(self) -> int:
        return len(_FIELDS)


_FIELDS = tuple(field.name for field in fields(SegmentDecoding))
