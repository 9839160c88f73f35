"""Several clips decoded by faster-whisper's own sequential code, their CTranslate2 calls
made together.

Each clip runs `WhisperModel.transcribe` unchanged (same prompt, conditioning, temperature
fallback, compression-ratio and no-speech checks, word alignment) in a thread of its own,
on a copy of the model whose CTranslate2 engine is a `BatchingEngine`. The engine holds
each call until every clip still running has made one, then runs the calls that can share
a batch (encoder windows; beam searches with the same options and prompt length; word
alignments; language detection) as one call of the real engine and hands each clip its
row. Only the engine's arithmetic is shared: the decisions around it are each clip's own,
exactly as when the clip is decoded alone.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import ctranslate2  # type: ignore[import-untyped]
import numpy as np

BATCHED = ("encode", "generate", "align", "detect_language")


@dataclass(eq=False)
class EncodedRow:
    """One clip's window of a batched encoder output (what `encode` hands a clip)."""

    batch: Any  # ctranslate2.StorageView of the whole batch
    index: int
    size: int

    def array(self) -> np.ndarray:
        return np.asarray(self.batch)[self.index : self.index + 1]


@dataclass(eq=False)
class _Call:
    method: str
    args: tuple
    kwargs: dict
    done: threading.Event = field(default_factory=threading.Event)
    result: Any = None
    error: BaseException | None = None


class BatchingEngine:
    """Stands in for a `ctranslate2.models.Whisper` shared by `participants` clips.

    Exact: beam searches go together only with prompts of one length, and alignments only
    of texts of one length, so every number is the lone decode's."""

    def __init__(self, engine: Any, participants: int) -> None:
        self._engine = engine
        self._active = participants
        self._pending: list[_Call] = []
        self._lock = threading.Lock()
        self.batch_sizes: list[tuple[str, int]] = []  # (method, rows) of each real call

    def __getattr__(self, name: str) -> Any:  # is_multilingual, device, n_mels, ...
        if name in BATCHED:
            return lambda *args, **kwargs: self._call(name, args, kwargs)
        return getattr(self._engine, name)

    def leave(self) -> None:
        """A clip is finished (or failed): the others stop waiting for it."""
        with self._lock:
            self._active -= 1
            ready = self._take_ready()
        self._run(ready)

    def _call(self, method: str, args: tuple, kwargs: dict) -> Any:
        call = _Call(method, args, kwargs)
        with self._lock:
            self._pending.append(call)
            ready = self._take_ready()
        self._run(ready)
        call.done.wait()
        if call.error is not None:
            raise call.error
        return call.result

    def _take_ready(self) -> list[_Call]:
        """Called holding the lock: every running clip is waiting, so the calls can go."""
        if self._pending and len(self._pending) >= self._active:
            ready, self._pending = self._pending, []
            return ready
        return []

    def _run(self, calls: list[_Call]) -> None:
        groups: dict[tuple, list[_Call]] = {}
        for call in calls:
            groups.setdefault(_group_key(call), []).append(call)
        for members in groups.values():
            try:
                results = _RUNNERS[members[0].method](self._engine, members)
                self.batch_sizes.append((members[0].method, len(members)))
            except Exception:  # one clip's bad input must not fail the others: alone, each says
                for call in members:
                    self._run_alone(call)
                continue
            for call, result in zip(members, results):
                call.result = result
                call.done.set()

    def _run_alone(self, call: _Call) -> None:
        try:
            call.result = _RUNNERS[call.method](self._engine, [call])[0]
        except Exception as error:
            call.error = error
        call.done.set()


def _group_key(call: _Call) -> tuple:
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


def _encode(engine: Any, calls: list[_Call]) -> list[Any]:
    """On a CPU one window at a time (its arithmetic is bound by compute, and a stack of
    windows only spills the caches: 8 windows took longer than 8 alone), on a GPU all at once."""
    kwargs = dict(calls[0].kwargs)
    if getattr(engine, "device", "cpu") == "cpu":
        return [engine.encode(call.args[0], **kwargs) for call in calls]
    kwargs["to_cpu"] = True  # rows are regrouped on the host between calls
    features = np.concatenate([np.asarray(call.args[0]) for call in calls])
    output = engine.encode(ctranslate2.StorageView.from_array(np.ascontiguousarray(features)), **kwargs)
    return [EncodedRow(output, index, len(calls)) for index in range(len(calls))]


def _generate(engine: Any, calls: list[_Call]) -> list[Any]:
    features = _stacked([call.args[0] for call in calls])
    prompts = [prompt for call in calls for prompt in call.args[1]]
    results = engine.generate(features, prompts, *calls[0].args[2:], **calls[0].kwargs)
    return [[result] for result in results]


def _align(engine: Any, calls: list[_Call]) -> list[Any]:
    features = _stacked([call.args[0] for call in calls])
    start_sequence = calls[0].args[1]
    text_tokens = [tokens for call in calls for tokens in call.args[2]]
    num_frames = [_frames(call) for call in calls]
    kwargs = {k: v for k, v in calls[0].kwargs.items()}
    results = engine.align(features, start_sequence, text_tokens, num_frames, **kwargs)
    return [[result] for result in results]


def _frames(call: _Call) -> int:
    frames = call.args[3]
    return int(frames[0]) if isinstance(frames, (list, tuple)) else int(frames)


def _detect_language(engine: Any, calls: list[_Call]) -> list[Any]:
    features = _stacked([call.args[0] for call in calls])
    results = engine.detect_language(features, **calls[0].kwargs)
    return [[result] for result in results]


_RUNNERS: dict[str, Callable[[Any, list[_Call]], list[Any]]] = {
    "encode": _encode,
    "generate": _generate,
    "align": _align,
    "detect_language": _detect_language,
}


def decode_together(
    model: Any,
    clips: Sequence[Any],
    decode: Callable[[Any, Any], Any],
    engine_calls: list | None = None,
) -> list[Any]:
    """`decode(model_copy, clip)` for every clip, each in a thread of its own, on copies of
    `model` that share one BatchingEngine. One result per clip, in order; an exception a
    clip raised is its result (the others go on). `engine_calls` receives the (method, rows)
    of every call made of the real engine."""
    engine = BatchingEngine(model.model, len(clips))
    if engine_calls is not None:
        engine.batch_sizes = engine_calls
    results: list[Any] = [None] * len(clips)

    def run(index: int) -> None:
        view = copy.copy(model)
        view.model = engine
        try:
            results[index] = decode(view, clips[index])
        except Exception as error:  # handed back as this clip's result
            results[index] = error
        finally:
            engine.leave()

    threads = [threading.Thread(target=run, args=(i,), name=f"voxrelay-clip-{i}") for i in range(len(clips))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
