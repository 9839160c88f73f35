"""The whole service path against the raw engine, side by side on the same files.

For every file of the shared evaluation set: upload it to a running `voxrelay serve`
through /upload-audio, wait for the transcript pushed on the session's WebSocket, and
transcribe it with faster-whisper directly in this process, with the same model and
settings. The order of the two alternates file by file so drift on a shared machine
hits both. Prints whole-set WER of each path, total wall time of each, their ratio, and
the service's peak resident memory.

    .venv/bin/python bench/e2e_vs_raw.py [--eval-dir ../shared/eval/public] [--model tiny.en]
        [--no-word-timestamps] [--long-minutes 5]

`--long-minutes N` runs instead one file of N minutes made by joining the public clips with
0.5 s of silence (bench/long_files.py), decoded sequentially by the service too
(VOXRELAY_WHISPER_BATCH_THRESHOLD_SECONDS=0) so both paths decode it the same way.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import wave
from pathlib import Path

import httpx
import numpy as np
from faster_whisper import WhisperModel
from websockets.sync.client import connect

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from adapters.whisper.model_locator import locate_model  # noqa: E402
from bench import long_files  # noqa: E402
from bench.scoring import corpus_wer, peak_rss_mib  # noqa: E402
from tests.integration.service import start_service  # noqa: E402


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval" / "public")
    parser.add_argument("--model", default="tiny.en")
    parser.add_argument("--beam-size", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--word-timestamps", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--limit", type=int, default=0, help="only the first N files (0: all)")
    parser.add_argument("--long-minutes", type=float, default=0, help="one joined file of this many minutes instead")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    return parser.parse_args()


def load_manifest(eval_dir: Path, limit: int = 0) -> list[dict]:
    manifest = [json.loads(line) for line in (eval_dir / "manifest.jsonl").read_text().splitlines() if line.strip()]
    return manifest[:limit] if limit else manifest


def raw_engine(model: str, threads: int, beam_size: int, word_timestamps: bool):
    """The raw engine as a function of a path: faster-whisper in this process, warmed up."""
    language = "en" if model.endswith(".en") else None
    raw_model = WhisperModel(locate_model(model), device="cpu", compute_type="int8", cpu_threads=threads)

    def raw(path: Path) -> str:
        segments, _ = raw_model.transcribe(
            str(path), beam_size=beam_size, language=language, word_timestamps=word_timestamps
        )
        return " ".join(s.text.strip() for s in segments)

    return raw


def service_env(model: str, threads: int, beam_size: int, word_timestamps: bool, **extra: str) -> dict[str, str]:
    return {
        **extra,
        "VOXRELAY_WHISPER_MODEL": model,
        "VOXRELAY_WHISPER_THREADS": str(threads),
        "VOXRELAY_WHISPER_BEAM_SIZE": str(beam_size),
        "VOXRELAY_WHISPER_WORD_TIMESTAMPS": str(word_timestamps).lower(),
        "VOXRELAY_LOG_LEVEL": "warning",
    }


def compare(
    manifest: list[dict],
    eval_dir: Path,
    model: str = "tiny.en",
    threads: int = 2,
    beam_size: int = 5,
    word_timestamps: bool = True,
    others: dict | None = None,
    service_extra: dict[str, str] | None = None,
) -> tuple[list[dict], float]:
    """Rows of (reference, each path's text and wall time) and the service's peak RSS in MiB.
    `others` adds paths (name -> function of a path) run in the same rotation."""
    raw = raw_engine(model, threads, beam_size, word_timestamps)
    with tempfile.TemporaryDirectory() as tmp:
        env = service_env(model, threads, beam_size, word_timestamps, **(service_extra or {}))
        service = start_service(Path(tmp) / "data", env=env)
        try:
            raw(eval_dir / manifest[0]["audio"])  # warm-up; the service warms itself at start
            rows = run_side_by_side(service, manifest, eval_dir, {"raw": raw, **(others or {})})
            peak_mib = peak_rss_mib(service.process.pid)
        finally:
            service.stop()
    return rows, peak_mib


def main() -> int:
    args = parse_args()
    if args.long_minutes:
        with tempfile.TemporaryDirectory() as tmp:
            manifest = [joined_file(args.eval_dir, args.long_minutes, Path(tmp))]
            rows, peak_mib = compare(
                manifest,
                Path(tmp),
                args.model,
                args.threads,
                args.beam_size,
                args.word_timestamps,
                service_extra={"VOXRELAY_WHISPER_BATCH_THRESHOLD_SECONDS": "0"},
            )
    else:
        manifest = load_manifest(args.eval_dir, args.limit)
        rows, peak_mib = compare(
            manifest, args.eval_dir, args.model, args.threads, args.beam_size, args.word_timestamps
        )
    report(rows, peak_mib, args)
    return 0


def joined_file(eval_dir: Path, minutes: float, folder: Path) -> dict:
    """A WAV of the public clips joined to `minutes`, as a manifest entry."""
    samples, reference = long_files.joined(eval_dir, minutes * 60)
    name = f"joined_{minutes:g}min.wav"
    with wave.open(str(folder / name), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(long_files.RATE)
        out.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return {"id": name[:-4], "seconds": samples.size / long_files.RATE, "reference": reference, "audio": name}


def run_side_by_side(service, manifest, eval_dir: Path, paths: dict) -> list[dict]:
    """Every path on every file, the order rotated file by file so drift on a shared
    machine hits all of them alike."""
    rows = []
    with connect(f"{service.ws}/notification") as ws, httpx.Client(base_url=service.http, timeout=300) as http:
        session_id = json.loads(ws.recv(timeout=10))["session_id"]

        def through_service(path: Path) -> str:
            with path.open("rb") as audio:
                response = http.post(
                    "/upload-audio", files={"file": (path.name, audio)}, data={"session_id": session_id}
                )
            response.raise_for_status()
            while True:
                message = json.loads(ws.recv(timeout=3600))
                if message["type"] != "job.progress":
                    break
            if message["type"] != "job.completed":
                raise RuntimeError(f"{path.name}: {message}")
            return message["transcript"]["text"]

        order = [*paths.items(), ("service", through_service)]
        for index, item in enumerate(manifest):
            path = eval_dir / item["audio"]
            shift = index % len(order)
            row = {"id": item["id"], "seconds": item["seconds"], "reference": item["reference"]}
            for name, run in order[shift:] + order[:shift]:
                started = time.perf_counter()
                row[name] = run(path)
                row[name + "_wall"] = time.perf_counter() - started
            rows.append(row)
            walls = "  ".join(f"{name} {row[name + '_wall']:6.2f} s" for name, _ in order)
            print(f"{item['id']:40s} {item['seconds']:6.1f} s  {walls}", flush=True)
    return rows


def report(rows: list[dict], peak_mib: float, args: argparse.Namespace) -> None:
    audio = sum(r["seconds"] for r in rows)
    refs = [r["reference"] for r in rows]
    figures = {
        "files": len(rows),
        "audio_seconds": round(audio, 1),
        "model": args.model,
        "beam_size": args.beam_size,
        "threads": args.threads,
        "word_timestamps": args.word_timestamps,
        "raw_wer": corpus_wer(refs, [r["raw"] for r in rows]),
        "service_wer": corpus_wer(refs, [r["service"] for r in rows]),
        "raw_wall_s": sum(r["raw_wall"] for r in rows),
        "service_wall_s": sum(r["service_wall"] for r in rows),
        "service_peak_rss_mib": peak_mib,
    }
    figures["wall_ratio"] = figures["service_wall_s"] / figures["raw_wall_s"]
    print()
    print(
        f"{len(rows)} files, {audio:.1f} s of audio; model {args.model}, beam {args.beam_size}, "
        f"{args.threads} threads, word timestamps {'on' if args.word_timestamps else 'off'}"
    )
    print(f"{'path':10s} {'WER':>7s} {'wall s':>8s} {'wall/audio':>10s}")
    for name in ("raw", "service"):
        wall = figures[f"{name}_wall_s"]
        print(f"{name:10s} {figures[f'{name}_wer'] * 100:6.2f}% {wall:8.2f} {wall / audio:10.3f}")
    print(f"service / raw wall time: {figures['wall_ratio']:.3f}")
    print(f"service peak RSS: {peak_mib:.0f} MiB")
    if args.json:
        args.json.write_text(json.dumps({"figures": figures, "rows": rows}, indent=2))


if __name__ == "__main__":
    sys.exit(main())
