"""How the calls several clips made of CTranslate2's Whisper engine are grouped, and how each
group runs as one call of the real engine, handing each clip its row."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import ctranslate2  # type: ignore[import-untyped]
import numpy as np


@dataclass(eq=False)
class EncodedRow:
    """One clip's window of a batched encoder output (what `encode` hands a clip)."""

    batch: Any  # ctranslate2.StorageView of the whole batch
    index: int
    size: int

    def array(self) -> np.ndarray:
        return np.asarray(self.batch)[self.index : self.index + 1]


@dataclass(eq=False)
class EngineCall:
    """One call a clip made of the engine, and what came of it."""

    method: str
    args: tuple
    kwargs: dict
    done: threading.Event = field(default_factory=threading.Event)
    result: Any = None
    error: BaseException | None = None


def group_key(call: EngineCall) -> tuple:
    """Calls with one key run as one batch, and each gets the numbers it would get alone."""
    if call.method == "generate":
        _features, prompts = call.args[:2]
        options = tuple(sorted((k, _frozen(v)) for k, v in call.kwargs.items()))
        return ("generate", len(prompts), tuple(len(p) for p in prompts), options)
    if call.method == "align":
        _, start_sequence, text_tokens = call.args[:3]
        # text of one length only: padding shorter ones moves their probabilities in the
        # seventh digit, and the point is the lone decode's numbers
        return ("align", tuple(start_sequence), tuple(len(t) for t in text_tokens), _frozen(call.kwargs))
    if call.method == "encode":
        return ("encode", _frozen(call.kwargs), call.args[1:])
    return (call.method, _frozen(call.kwargs))


def parts(groups: list[list[EngineCall]], replicas: int, device: str) -> list[list[EngineCall]]:
    """The groups of one round cut into parts for `replicas` one-thread engines side by side:
    encoder windows one by one (as `_encode` runs them on a CPU anyway), a beam search in
    `replicas` near-equal shares of its clips, anything else as it is. Any part runs as a
    call of its own and each row's numbers are still the lone decode's."""
    if device != "cpu":
        return groups
    split: list[list[EngineCall]] = []
    for members in groups:
        if members[0].method == "encode":
            split.extend([call] for call in members)
        elif members[0].method == "generate":
            shares = min(replicas, len(members))
            split.extend(members[share::shares] for share in range(shares))
        else:
            split.append(members)
    return sorted(split, key=len, reverse=True)  # the largest first, so the last to start is short


def _frozen(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(v) for v in value)
    return value


def _stacked(rows: Sequence[Any]) -> Any:
    """The encoder outputs of `rows` as one StorageView: the batch itself when the rows are
    all of one batch, in order; else copied together."""
    if all(isinstance(r, EncodedRow) for r in rows):
        first = rows[0].batch
        if all(r.batch is first and r.index == i for i, r in enumerate(rows)) and len(rows) == rows[0].size:
            return first
    arrays = [r.array() if isinstance(r, EncodedRow) else np.asarray(r) for r in rows]
    return ctranslate2.StorageView.from_array(np.ascontiguousarray(np.concatenate(arrays)))


def _encode(engine: Any, calls: list[EngineCall]) -> list[Any]:
    """On a CPU one window at a time (its arithmetic is bound by compute, and a stack of
    windows only spills the caches: 8 windows took longer than 8 alone), on a GPU all at once."""
    kwargs = dict(calls[0].kwargs)
    if getattr(engine, "device", "cpu") == "cpu":
        return [engine.encode(call.args[0], **kwargs) for call in calls]
    kwargs["to_cpu"] = True  # rows are regrouped on the host between calls
    features = np.concatenate([np.asarray(call.args[0]) for call in calls])
    output = engine.encode(ctranslate2.StorageView.from_array(np.ascontiguousarray(features)), **kwargs)
    return [EncodedRow(output, index, len(calls)) for index in range(len(calls))]


def _generate(engine: Any, calls: list[EngineCall]) -> list[Any]:
    features = _stacked([call.args[0] for call in calls])
    prompts = [prompt for call in calls for prompt in call.args[1]]
    results = engine.generate(features, prompts, *calls[0].args[2:], **calls[0].kwargs)
    return [[result] for result in results]


def _align(engine: Any, calls: list[EngineCall]) -> list[Any]:
    features = _stacked([call.args[0] for call in calls])
    start_sequence = calls[0].args[1]
    text_tokens = [tokens for call in calls for tokens in call.args[2]]
    num_frames = [_frames(call) for call in calls]
    kwargs = {k: v for k, v in calls[0].kwargs.items()}
    results = engine.align(features, start_sequence, text_tokens, num_frames, **kwargs)
    return [[result] for result in results]


def _frames(call: EngineCall) -> int:
    frames = call.args[3]
    return int(frames[0]) if isinstance(frames, (list, tuple)) else int(frames)


def _detect_language(engine: Any, calls: list[EngineCall]) -> list[Any]:
    features = _stacked([call.args[0] for call in calls])
    results = engine.detect_language(features, **calls[0].kwargs)
    return [[result] for result in results]


RUNNERS: dict[str, Callable[[Any, list[EngineCall]], list[Any]]] = {
    "encode": _encode,
    "generate": _generate,
    "align": _align,
    "detect_language": _detect_language,
}
