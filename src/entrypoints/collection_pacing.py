"""How often an API process's cycle collector runs: rarely enough that a full collection does
not stop the event loop holding thousands of sockets every few seconds."""

from __future__ import annotations

import gc

YOUNG_EVERY = 50_000  # allocations (net of frees) between young collections; CPython's default is 700
MIDDLE_EVERY = 20  # young collections between middle ones; CPython's default is 10


def pace_collections_for_many_sockets() -> tuple[int, int, int]:
    """Each open WebSocket keeps some 150 objects the collector tracks, so at 10 000 sockets a
    full collection walks about 1.6 million of them and the event loop stands still for 1 to
    2.6 s on a 2-core machine (instrumented bench/redis_push.py runs). A full collection starts
    once the objects moved into the oldest generation since the last one reach a quarter of it,
    and with CPython's thresholds every middle collection moved whatever pushes were in flight:
    at 1 000 pushes a second that set off one every 10-15 s. Collecting the young generation
    every 50 000 allocations instead of 700 moves some seventy times fewer of them along; no
    full collection ran through the connections and the drive in two instrumented runs. Cycles
    are still collected, later; what waits meanwhile is young garbage, a few MiB at most.
    The held sockets' own objects are kept out of every collection by freezing them
    (entrypoints.held_socket_freezing); this pacing is for what pushes leave behind.
    Returns the thresholds it replaced."""
    replaced = gc.get_threshold()
    gc.set_threshold(YOUNG_EVERY, MIDDLE_EVERY, replaced[2])
    return replaced
