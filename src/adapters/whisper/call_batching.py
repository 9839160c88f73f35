"""Several clips decoded by faster-whisper's own sequential code, their CTranslate2 calls
made together.

Each clip runs `WhisperModel.transcribe` unchanged (same prompt, conditioning, temperature
fallback, compression-ratio and no-speech checks, word alignment) in a thread of its own,
on a copy of the model whose CTranslate2 engine is a `BatchingEngine`. The engine holds
each call until every clip still running has made one, then runs the calls that can share
a batch (encoder windows; beam searches with the same options and prompt length; word
alignments; language detection) as one call of the real engine and hands each clip its
row. Only the engine's arithmetic is shared: the decisions around it are each clip's own,
exactly as when the clip is decoded alone. Which calls share a batch, and how a batch runs,
is `engine_batches`. On a CPU model with `replicas`, a round of calls with more than one
part runs its parts side by side on one-thread replicas (`engine_batches.parts`); a round
of one part (the last clip left, say) runs on the lone engine and all its threads.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from adapters.whisper.engine_batches import RUNNERS, EngineCall, group_key, parts
from adapters.whisper.engine_replicas import EngineReplicas

BATCHED = ("encode", "generate", "align", "detect_language")


class BatchingEngine:
    """Stands in for a `ctranslate2.models.Whisper` shared by `participants` clips.

    Exact: beam searches go together only with prompts of one length, and alignments only
    of texts of one length, so every number is the lone decode's."""

    def __init__(self, engine: Any, participants: int, replicas: EngineReplicas | None = None) -> None:
        self._engine = engine
        self._replicas = replicas
        self._side_by_side = ThreadPoolExecutor(replicas.count, "voxrelay-replica") if replicas else None
        self._active = participants
        self._pending: list[EngineCall] = []
        self._lock = threading.Lock()
        self.batch_sizes: list[tuple[str, int]] = []  # (method, rows) of each real call

    def __getattr__(self, name: str) -> Any:  # is_multilingual, device, n_mels, ...
        if name in BATCHED:
            return lambda *args, **kwargs: self._call(name, args, kwargs)
        return getattr(self._engine, name)

    def close(self) -> None:
        if self._side_by_side is not None:
            self._side_by_side.shutdown()

    def leave(self) -> None:
        """A clip is finished (or failed): the others stop waiting for it."""
        with self._lock:
            self._active -= 1
            ready = self._take_ready()
        self._run(ready)

    def _call(self, method: str, args: tuple, kwargs: dict) -> Any:
        call = EngineCall(method, args, kwargs)
        with self._lock:
            self._pending.append(call)
            ready = self._take_ready()
        self._run(ready)
        call.done.wait()
        if call.error is not None:
            raise call.error
        return call.result

    def _take_ready(self) -> list[EngineCall]:
        """Called holding the lock: every running clip is waiting, so the calls can go."""
        if self._pending and len(self._pending) >= self._active:
            ready, self._pending = self._pending, []
            return ready
        return []

    def _run(self, calls: list[EngineCall]) -> None:
        if not calls:
            return
        groups: dict[tuple, list[EngineCall]] = {}
        for call in calls:
            groups.setdefault(group_key(call), []).append(call)
        if self._replicas is not None and self._side_by_side is not None:
            split = parts(list(groups.values()), self._replicas.count, getattr(self._engine, "device", "cpu"))
            if len(split) > 1:
                engine = self._replicas.engine()
                list(self._side_by_side.map(lambda members: self._run_group(engine, members), split))
                return
        for members in groups.values():
            self._run_group(self._engine, members)

    def _run_group(self, engine: Any, members: list[EngineCall]) -> None:
        try:
            results = RUNNERS[members[0].method](engine, members)
            with self._lock:
                self.batch_sizes.append((members[0].method, len(members)))
        except Exception:  # one clip's bad input must not fail the others: alone, each says
            for call in members:
                self._run_alone(call)
            return
        for call, result in zip(members, results):
            call.result = result
            call.done.set()

    def _run_alone(self, call: EngineCall) -> None:
        try:
            call.result = RUNNERS[call.method](self._engine, [call])[0]
        except Exception as error:
            call.error = error
        call.done.set()


class OneAtATimeFeatures:
    """A model's feature extractor whose calls go one at a time: eight clips' log-mel
    spectrograms computed side by side, each by numpy's own threads, took 0.65 CPU s
    against 0.09 one after another (and the whole is a few hundredths of a second of wall)."""

    def __init__(self, extractor: Any) -> None:
        self._extractor = extractor
        self._lock = threading.Lock()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            return self._extractor(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:  # hop_length, nb_max_frames, sampling_rate, ...
        return getattr(self._extractor, name)


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
    engine = BatchingEngine(model.model, len(clips), getattr(model, "replicas", None))
    if engine_calls is not None:
        engine.batch_sizes = engine_calls
    results: list[Any] = [None] * len(clips)
    extractor = getattr(model, "feature_extractor", None)
    features = OneAtATimeFeatures(extractor) if extractor is not None else None

    def run(index: int) -> None:
        view = copy.copy(model)
        view.model = engine
        if features is not None:
            view.feature_extractor = features
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
    engine.close()
    return results
