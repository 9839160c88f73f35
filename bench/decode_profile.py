"""Where a short clip's decode spends its time: the public set's first 8 short clips decoded
one at a time and as one batch (WhisperTranscriber, tiny.en, 2 threads), wall and process CPU
seconds of feature extraction and of each kind of engine call; what is left of the whole is
Python (faster-whisper's loop, the word timing arithmetic, threads waiting for each other).

In a batch the engine runs a round of calls at a time while the clips' threads wait, so a
round's CPU time is its own; features are computed in the clips' threads side by side, so
theirs overlap. Printed, never asserted:

    PYTHONPATH=src:. .venv/bin/python bench/decode_profile.py [--repeats 3]
"""

from __future__ import annotations

import argparse
import collections
import io
import json
import os
import threading
import time
from pathlib import Path

import faster_whisper.feature_extractor as feature_extraction

from adapters.whisper import WhisperTranscriber, call_batching
from domain.transcript import TranscriptionOptions

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "public"
spent: dict[str, list[float]] = collections.defaultdict(lambda: [0.0, 0.0, 0])
_lock = threading.Lock()


def timed(name, function):
    def measured(*args, **kwargs):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            with _lock:
                entry = spent[name(args) if callable(name) else name]
                entry[0] += time.perf_counter() - wall
                entry[1] += time.process_time() - cpu
                entry[2] += 1

    return measured


class TimedEngine:
    """The lone decode's engine, each call timed."""

    def __init__(self, engine) -> None:
        self._engine = engine

    def __getattr__(self, name):
        value = getattr(self._engine, name)
        return timed(f"engine.{name}", value) if name in call_batching.BATCHED else value


def show(label: str, wall: float, cpu: float) -> None:
    print(f"\n{label}: wall {wall:.2f} s, process CPU {cpu:.2f} s, load {os.getloadavg()[0]:.1f}")
    for name, (w, c, n) in sorted(spent.items()):
        print(f"  {name:28s} wall {w:7.3f} s  CPU {c:7.3f} s  x{n}")
    spent.clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    rows = [json.loads(line) for line in (EVAL / "manifest.jsonl").read_text().splitlines() if line.strip()]
    picked = [r for r in rows if r["seconds"] <= 30][:8]
    clips = [(EVAL / r["audio"]).read_bytes() for r in picked]
    print("clip seconds:", [r["seconds"] for r in picked])
    feature_extraction.FeatureExtractor.__call__ = timed("features", feature_extraction.FeatureExtractor.__call__)
    batching = call_batching.BatchingEngine
    batching._run = timed(  # type: ignore[method-assign]
        lambda a: "batch round: " + "+".join(sorted({c.method for c in a[1]})), batching._run
    )
    transcriber = WhisperTranscriber(cpu_threads=2, batch_size=8)
    transcriber.warm_up()
    model = transcriber.load()
    lone = model.model
    options = TranscriptionOptions(language="en")
    for _ in range(args.repeats):
        model.model = TimedEngine(lone)
        wall, cpu = time.perf_counter(), time.process_time()
        for audio in clips:
            transcriber.transcribe(io.BytesIO(audio), options)
        show("8 clips one at a time", time.perf_counter() - wall, time.process_time() - cpu)
        model.model = lone
        wall, cpu = time.perf_counter(), time.process_time()
        transcriber.transcribe_many([(io.BytesIO(audio), options) for audio in clips])
        show("8 clips as one batch", time.perf_counter() - wall, time.process_time() - cpu)


if __name__ == "__main__":
    main()
