"""How the batching engine runs a round of clips' engine calls: on one-thread replicas side
by side when the round has several parts, on the lone engine when it has one."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import numpy as np

from adapters.whisper.call_batching import decode_together
from adapters.whisper.engine_batches import EngineCall, parts


class RecordingEngine:
    """A stand-in for CTranslate2's Whisper: each row's answer is its own input doubled, and
    it notes which rows each call had and how many calls ran at once."""

    device = "cpu"

    def __init__(self, name: str) -> None:
        self.name = name
        self.calls: list[tuple[str, int]] = []
        self._running = 0
        self.most_at_once = 0
        self._lock = threading.Lock()
        self._two_arrived = threading.Barrier(2, timeout=0.5)

    def _enter(self, method: str, rows: int) -> None:
        with self._lock:
            self.calls.append((method, rows))
            self._running += 1
            self.most_at_once = max(self.most_at_once, self._running)
        try:
            self._two_arrived.wait()  # side by side, two calls meet here; one alone times out
        except threading.BrokenBarrierError:
            pass

    def _leave(self) -> None:
        with self._lock:
            self._running -= 1

    def generate(self, features, prompts, **options):
        self._enter("generate", len(prompts))
        try:
            return [SimpleNamespace(sequences_ids=[[2 * p[0]]]) for p in prompts]
        finally:
            self._leave()


class FakeReplicas:
    def __init__(self, engine: RecordingEngine, count: int = 2) -> None:
        self._engine, self.count = engine, count

    def engine(self) -> RecordingEngine:
        return self._engine


def _model(lone: RecordingEngine, replicas: FakeReplicas | None) -> SimpleNamespace:
    return SimpleNamespace(model=lone, replicas=replicas)


def _decode(view, clip: int) -> int:
    (result,) = view.model.generate(np.zeros((1, 4), np.float32), [[clip]], beam_size=5)
    return result.sequences_ids[0][0]


def test_a_round_of_several_clips_runs_in_halves_side_by_side_on_the_replicas():
    lone, side = RecordingEngine("lone"), RecordingEngine("replicas")

    results = decode_together(_model(lone, FakeReplicas(side)), [1, 2, 3, 4, 5], _decode)

    assert results == [2, 4, 6, 8, 10]  # each clip its own row back
    assert lone.calls == []
    assert sorted(side.calls) == [("generate", 2), ("generate", 3)]
    assert side.most_at_once == 2


def test_a_round_of_one_part_runs_on_the_lone_engine_with_all_its_threads():
    lone, side = RecordingEngine("lone"), RecordingEngine("replicas")

    assert decode_together(_model(lone, FakeReplicas(side)), [7], _decode) == [14]
    assert lone.calls == [("generate", 1)] and side.calls == []


def test_without_replicas_a_round_is_one_call_of_the_lone_engine():
    lone = RecordingEngine("lone")

    assert decode_together(_model(lone, None), [1, 2, 3], _decode) == [2, 4, 6]
    assert lone.calls == [("generate", 3)]


def _call(method: str, rows: int = 1) -> EngineCall:
    return EngineCall(method, (None, [[0]] * rows), {})


def test_parts_cut_windows_one_by_one_beam_searches_in_shares_and_keep_the_rest_whole():
    windows = [_call("encode") for _ in range(3)]
    searches = [_call("generate") for _ in range(5)]
    alignment = [_call("align"), _call("align")]

    split = parts([windows, searches, alignment], 2, "cpu")

    assert sorted(len(part) for part in split) == [1, 1, 1, 2, 2, 3]
    every_call = [call for part in split for call in part]
    assert sorted(map(id, every_call)) == sorted(map(id, windows + searches + alignment))  # each call once
    assert alignment in split
    assert parts([windows, searches], 2, "cuda") == [windows, searches]  # a GPU batches whole
