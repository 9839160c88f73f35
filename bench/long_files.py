"""Long recordings: sequential vs batched decoding on files made by joining the public clips.

The files are generated at run time in a temporary folder (never committed): the public
clips laid end to end, with 0.5 s of silence between them, repeated until the length is
reached; the reference is the clips' references joined in the same order.

    .venv/bin/python bench/long_files.py [--minutes 5,30] [--batch-sizes 8] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
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

RATE = 16000


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


def measure(
    eval_dir: Path,
    minutes_list: list[float],
    batch_sizes: list[int],
    threads: int = 2,
    default_threshold: float = 600.0,
    default_batch: int = 8,
) -> list[dict]:
    """Each length decoded sequentially and by faster-whisper's batched pipeline (the
    service's long-audio path, each batch size), one after the other on the same samples;
    the row the service's default setting picks is marked `default`."""
    rows = []
    for minutes in minutes_list:
        samples, reference = joined(eval_dir, minutes * 60)
        modes = [("sequential", 0.0, 1)] + [(f"batched pipeline B={b}", 1.0, b) for b in batch_sizes]
        default_batched = default_threshold > 0 and samples.size > default_threshold * RATE
        for name, threshold, batch in modes:
            engine = WhisperTranscriber(
                cpu_threads=threads, batch_threshold_seconds=max(0.0, threshold), batch_size=batch
            )
            engine.warm_up()
            started = time.perf_counter()
            text = engine._transcribe_samples(samples, TranscriptionOptions(language="en"), None).text
            wall = time.perf_counter() - started
            row = {
                "minutes": minutes,
                "mode": name,
                "batch_size": batch,
                "wall_s": round(wall, 2),
                "wall_per_audio_s": round(wall / (samples.size / RATE), 4),
                "wer": round(corpus_wer([reference], [text]), 4),
                "default": threshold >= 0
                and (threshold > 0) == default_batched
                and (batch == default_batch or not default_batched),
            }
            rows.append(row)
            print(
                f"{minutes:4.0f} min  {name:38s} {wall:7.1f} s  ({row['wall_per_audio_s']:.3f} s/s)  "
                f"WER {row['wer'] * 100:.2f}%{'  (default)' if row['default'] else ''}",
                flush=True,
            )
    sequential = {r["minutes"]: r["wall_s"] for r in rows if r["mode"] == "sequential"}
    for row in rows:
        row["vs_sequential"] = round(sequential[row["minutes"]] / row["wall_s"], 2)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval" / "public")
    parser.add_argument("--minutes", default="5,30")
    parser.add_argument("--batch-sizes", default="8")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rows = measure(
        args.eval_dir,
        [float(m) for m in args.minutes.split(",")],
        [int(b) for b in args.batch_sizes.split(",")],
        args.threads,
    )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
