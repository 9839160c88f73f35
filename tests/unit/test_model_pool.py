"""WhisperModelPool with a fake model factory and a hand-moved clock: bound, LRU, idle unload."""

from __future__ import annotations

import threading
import time

import pytest

from adapters.whisper import WhisperModelPool
from tests.support.clocks import FakeClock

SIZES = {"tiny.en": 75, "base": 145, "small": 480}


class FakeFactory:
    def __init__(self, delay: float = 0.0) -> None:
        self.loads: list[str] = []
        self.delay = delay

    def __call__(self, name: str) -> object:
        self.loads.append(name)
        time.sleep(self.delay)
        return object()


def pool(max_bytes=0, idle=0.0, keep=frozenset(), factory=None, clock=None):
    return WhisperModelPool(factory or FakeFactory(), SIZES.__getitem__, max_bytes, idle, keep, clock or FakeClock())


def test_models_load_on_first_use_and_are_shared_afterwards():
    factory = FakeFactory()
    models = pool(factory=factory)

    first = models.get("base")

    assert models.get("base") is first and factory.loads == ["base"]


def test_the_least_recently_used_model_makes_room_for_a_new_one():
    clock = FakeClock()
    models = pool(max_bytes=250, clock=clock)
    models.get("tiny.en")
    clock.now = 1
    models.get("base")
    clock.now = 2
    models.get("tiny.en")  # now base is the least recently used
    clock.now = 3

    models.get("small")  # 480 alone is over the bound: both others go, small stays

    assert models.loaded() == ["small"]
    clock.now = 4
    models.get("tiny.en")
    models.get("base")
    assert sorted(models.loaded()) == ["base", "tiny.en"] and models.loaded_bytes() <= 250


def test_eviction_picks_the_least_recently_used_first():
    clock = FakeClock()
    models = pool(max_bytes=300, clock=clock)
    models.get("tiny.en")
    clock.now = 1
    models.get("base")
    clock.now = 2
    models.get("tiny.en")
    clock.now = 3

    models.get("tiny.en")
    with models.use("base"):
        pass
    models.get("tiny.en")
    assert sorted(models.loaded()) == ["base", "tiny.en"]


def test_a_model_in_use_is_never_unloaded_to_make_room():
    models = pool(max_bytes=200)
    with models.use("base"), models.use("tiny.en"):
        # 220 > 200, but both are busy: the bound is exceeded rather than a job refused.
        assert sorted(models.loaded()) == ["base", "tiny.en"]
    # Once they are released the bound is met again, dropping the least recently used.
    assert models.loaded() == ["base"]


def test_idle_models_are_unloaded_but_the_kept_one_stays():
    clock = FakeClock()
    models = pool(idle=60, keep=frozenset({"tiny.en"}), clock=clock)
    models.get("tiny.en")
    models.get("base")
    clock.now = 30
    assert models.unload_idle() == []
    clock.now = 61

    assert models.unload_idle() == ["base"]
    assert models.loaded() == ["tiny.en"]


def test_a_model_in_use_is_not_idle():
    clock = FakeClock()
    models = pool(idle=10, clock=clock)
    with models.use("base"):
        clock.now = 100
        assert models.unload_idle() == []
    clock.now = 105
    assert models.unload_idle() == []  # used until 100
    clock.now = 111
    assert models.unload_idle() == ["base"]


def test_the_reaper_thread_unloads_idle_models_until_closed():
    models = WhisperModelPool(FakeFactory(), SIZES.__getitem__, idle_seconds=0.05)
    models.start(interval=0.01)
    models.get("base")
    deadline = time.monotonic() + 2
    while models.loaded() and time.monotonic() < deadline:
        time.sleep(0.01)
    models.close()
    assert models.loaded() == []


def test_jobs_asking_together_load_each_model_once():
    factory = FakeFactory(delay=0.05)
    models = pool(factory=factory)
    threads = [threading.Thread(target=models.get, args=(name,)) for name in ["base", "tiny.en"] * 6]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(factory.loads) == ["base", "tiny.en"]


def test_a_failed_load_leaves_nothing_behind_and_may_be_retried():
    attempts = []

    def flaky(name):
        attempts.append(name)
        if len(attempts) == 1:
            raise RuntimeError("disk hiccup")
        return object()

    models = WhisperModelPool(flaky, SIZES.__getitem__, max_bytes=200)
    with pytest.raises(RuntimeError):
        models.get("base")
    assert models.loaded() == [] and models.loaded_bytes() == 0

    models.get("base")
    assert models.loaded() == ["base"]


def test_the_pool_says_whether_models_fit_its_budget_together():
    bounded, unbounded = pool(max_bytes=555), pool()

    assert bounded.holds({"tiny.en", "small"}) and not bounded.holds({"base", "small"})
    assert unbounded.holds({"base", "small", "tiny.en"})
