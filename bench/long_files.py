"""Long recordings: sequential vs span decoding on files made by joining the public clips.

The files are generated at run time in a temporary folder (never committed): the public
clips laid end to end, with 0.5 s of silence between them, repeated until the length is
reached; the reference is the clips' references joined in the same order.

    .venv/bin/python bench/long_files.py [--minutes 5,30] [--batch-sizes 8] [--no-pipeline] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np
from faster_whisper import decode_audio

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from adapters.whisper import WhisperTranscriber  # noqa: E402
from bench.scoring import corpus_wer  # noqa: E402
from domain.transcript import TranscriptionOptions  # noqa: E402
from entrypoints.settings_fields.engine import EngineSettings  # noqa: E402

RATE = 16000
DEFAULT_THRESHOLD = EngineSettings().whisper_batch_threshold_seconds


def joined(eval_dir: Path, seconds: float) -> tuple[np.ndarray, str]:
    manifest = [json.loads(line) for line in (eval_dir / "manifest.jsonl").read_text().splitlines() if line.strip()]
    gap = np.zeros(RATE // 2, np.float32)
    pieces, words, total = [], [], 0
    while total < seconds * RATE:
        for item in manifest:
            audio = decode_audio(str(eval_dir / item["audio"]), RATE)
            pieces += [audio, gap]
            words.append(item["reference"])
            total += audio.size + gap.size
            if total >= seconds * RATE:
                break
    return np.concatenate(pieces), " ".join(words)


def _pipeline_text(engine: WhisperTranscriber, samples: np.ndarray, batch: int) -> str:
    """faster-whisper's own batched pipeline (the service's long-audio path until it was
    replaced by spans), as a reference for speed and words."""
    from faster_whisper import BatchedInferencePipeline

    with engine.pool.use(engine.model_name) as model:
        segments, _ = BatchedInferencePipeline(model).transcribe(
            samples, batch_size=batch, language="en", beam_size=5, vad_filter=True, word_timestamps=True
        )
        return " ".join(segment.text.strip() for segment in segments)


def measure(
    eval_dir: Path,
    minutes_list: list[float],
    batch_sizes: list[int],
    threads: int = 2,
    default_threshold: float = DEFAULT_THRESHOLD,
    default_batch: int = 8,
    pipeline: bool = True,
) -> list[dict]:
    """Each length decoded sequentially, in spans (the service's long-audio path) at each
    batch size, and by faster-whisper's batched pipeline (a reference, unless `pipeline` is
    off), one after the other on the same samples and the same loaded model; the row the
    service's default settings pick is marked `default`. CPU seconds are the process's."""
    rows = []
    for minutes in minutes_list:
        samples, reference = joined(eval_dir, minutes * 60)
        spans_default = default_threshold > 0 and samples.size > max(default_threshold, 30.0) * RATE
        modes = [("sequential", 0.0, 1, not spans_default)]
        modes += [(f"spans B={b}", 1.0, b, spans_default and b == default_batch) for b in batch_sizes]
        modes += [(f"faster-whisper batched pipeline B={b}", -1.0, b, False) for b in batch_sizes if pipeline]
        pool = None
        for name, threshold, batch, default in modes:
            engine = WhisperTranscriber(
                cpu_threads=threads, batch_threshold_seconds=max(0.0, threshold), batch_size=batch, pool=pool
            )
            engine.warm_up()
            pool = engine.pool
            cpu_before, started = _cpu_seconds(), time.perf_counter()
            if threshold < 0:
                text = _pipeline_text(engine, samples, batch)
            else:
                text = engine._transcribe_samples(samples, TranscriptionOptions(language="en"), None).text
            wall, cpu = time.perf_counter() - started, _cpu_seconds() - cpu_before
            row = {
                "minutes": minutes,
                "mode": name,
                "batch_size": batch,
                "wall_s": round(wall, 2),
                "cpu_s": round(cpu, 1),
                "wall_per_audio_s": round(wall / (samples.size / RATE), 4),
                "wer": round(corpus_wer([reference], [text]), 4),
                "default": default,
            }
            rows.append(row)
            print(
                f"{minutes:5g} min  {name:38s} {wall:7.1f} s  {cpu:7.1f} CPU s  "
                f"({row['wall_per_audio_s']:.3f} s/s)  WER {row['wer'] * 100:.2f}%{'  (default)' if default else ''}",
                flush=True,
            )
    sequential = {r["minutes"]: r for r in rows if r["mode"] == "sequential"}
    for row in rows:
        base = sequential[row["minutes"]]
        row["vs_sequential"] = round(base["wall_s"] / row["wall_s"], 2)
        row["wer_points_vs_sequential"] = round((row["wer"] - base["wer"]) * 100, 2)
    return rows


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval" / "public")
    parser.add_argument("--minutes", default="5,30")
    parser.add_argument("--batch-sizes", default="8")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--no-pipeline", action="store_true", help="leave out faster-whisper's batched pipeline")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rows = measure(
        args.eval_dir,
        [float(m) for m in args.minutes.split(",")],
        [int(b) for b in args.batch_sizes.split(",")],
        args.threads,
        pipeline=not args.no_pipeline,
    )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
