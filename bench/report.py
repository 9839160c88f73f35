"""The benchmark report: one command, every figure measured side by side in the same run on
the same files, written to bench/results/report.md, report.json and report.png.

Parts (--parts, comma-separated; all by default, about 15-20 minutes on 2 cores):
  e2e         service end to end vs the raw engine on the public set (WER, wall time)
  peers       faster-whisper-server and wyoming-faster-whisper (own venvs under bench/.peers/)
              in the same rotation over the same files, with a raw engine without word timings
  long        5- and 30-minute files made by joining the public clips: sequential vs spans (and the pipeline)
  throughput  50 short clips with 1, 2 and auto concurrency, and with cross-request batching
  memory      peak RSS of a worker per model, and of the API around a 1 GiB upload
  push        Redis state: pushes per second and latency to 10 000 idle sessions, one API process

    .venv/bin/python bench/report.py [--parts e2e,peers,long,throughput,memory] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from adapters.whisper.model_locator import locate_model  # noqa: E402
from bench import e2e_vs_raw, long_files, memory, peers, redis_push, throughput  # noqa: E402
from bench.report_writing import write_chart, write_markdown  # noqa: E402
from bench.scoring import corpus_wer  # noqa: E402

PARTS = ("e2e", "peers", "long", "throughput", "memory", "push")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval" / "public")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--parts", default=",".join(PARTS))
    parser.add_argument("--limit", type=int, default=0, help="e2e/peers: only the first N files (0: all)")
    parser.add_argument("--minutes", default="5,30", help="long: lengths in minutes")
    parser.add_argument("--clips", type=int, default=50, help="throughput: jobs per round")
    parser.add_argument(
        "--rounds", default=",".join(throughput.ROUNDS), help="throughput: which rounds (comma-separated labels)"
    )
    parser.add_argument("--repeats", type=int, default=1, help="throughput: rounds repeated, in alternating order")
    parser.add_argument("--models", default="tiny.en,base", help="memory: a worker per model")
    parser.add_argument("--upload-mib", type=int, default=1024, help="memory: size of the big upload (0: none)")
    parser.add_argument("--sessions", type=int, default=10_000, help="push: idle sessions")
    parser.add_argument("--push-rate", type=int, default=1000, help="push: pushes per second asked")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--beam-size", type=int, default=5)
    return parser.parse_args()


def machine() -> dict:
    import ctranslate2
    import faster_whisper

    memory_kib = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    model_name = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return {
        "cpus": os.cpu_count(),
        "cpu": model_name,
        "memory_gib": round(memory_kib / 2**20, 1),
        "gpu": "none",
        "python": platform.python_version(),
        "faster_whisper": faster_whisper.__version__,
        "ctranslate2": ctranslate2.__version__,
        "load_average_at_start": os.getloadavg(),
    }


def end_to_end(args, manifest: list[dict], with_peers: bool, results: dict) -> None:
    language = "en"
    others, started, skipped = {}, [], {}
    workdir = Path(tempfile.mkdtemp(prefix="voxrelay-peers-"))
    if with_peers:
        model_dir = locate_model("tiny.en")
        others["raw, no word timings"] = e2e_vs_raw.raw_engine("tiny.en", args.threads, args.beam_size, False)
        for start in (peers.faster_whisper_server, peers.wyoming_faster_whisper):
            name = start.__name__.replace("_", "-")
            try:
                peer = start(model_dir, workdir, args.threads, args.beam_size, language)
                started.append(peer)
                peer.transcribe_path(args.eval_dir / manifest[0]["audio"])  # one warm-up request
                others[peer.name] = peer.transcribe_path
            except Exception as error:  # say why in the report and go on
                skipped[name] = str(error)[-800:]
                print(f"{name} skipped: {error}", flush=True)
    try:
        rows, service_peak = e2e_vs_raw.compare(
            manifest, args.eval_dir, "tiny.en", args.threads, args.beam_size, True, others
        )
        peak = {peer.name: round(peer.peak_rss_mib()) for peer in started}
    finally:
        for peer in started:
            peer.stop()
    audio = sum(r["seconds"] for r in rows)
    refs = [r["reference"] for r in rows]
    paths = {}
    for name in ["raw", "service", *others]:
        wall = sum(r[name + "_wall"] for r in rows)
        paths[name] = {
            "wer": round(corpus_wer(refs, [r[name] for r in rows]), 4),
            "wall_s": round(wall, 2),
            "wall_per_audio_s": round(wall / audio, 4),
        }
    for name in paths:
        paths[name]["vs_raw"] = round(paths[name]["wall_s"] / paths["raw"]["wall_s"], 3)
    paths["service"]["peak_rss_mib"] = round(service_peak)
    for name, mib in peak.items():
        paths[name]["peak_rss_mib"] = mib
    results["e2e"] = {
        "files": len(rows),
        "audio_seconds": round(audio, 1),
        "paths": paths,
        "skipped_peers": skipped,
        "rows": [{k: v for k, v in r.items() if not isinstance(v, str) or k == "id"} for r in rows],
    }


def main() -> int:
    args = parse_args()
    parts = set(args.parts.split(","))
    unknown = parts - set(PARTS)
    if unknown:
        raise SystemExit(f"unknown parts: {', '.join(sorted(unknown))}")
    if not (args.eval_dir / "manifest.jsonl").is_file():
        raise SystemExit(f"no evaluation set at {args.eval_dir}")
    manifest = e2e_vs_raw.load_manifest(args.eval_dir)
    results: dict = {"machine": machine(), "parts": sorted(parts), "seconds": {}}
    print(json.dumps(results["machine"]), flush=True)
    steps = [
        (
            "e2e",
            lambda: end_to_end(args, manifest[: args.limit] if args.limit else manifest, "peers" in parts, results),
        ),
        (
            "long",
            lambda: results.__setitem__(
                "long",
                long_files.measure(args.eval_dir, [float(m) for m in args.minutes.split(",")], [8], args.threads),
            ),
        ),
        (
            "throughput",
            lambda: results.__setitem__(
                "throughput",
                throughput.measure(manifest, args.eval_dir, args.clips, args.rounds.split(","), args.repeats),
            ),
        ),
        (
            "push",
            lambda: results.__setitem__(
                "push",
                redis_push.measure(
                    argparse.Namespace(
                        sessions=args.sessions, clients=2, rate=args.push_rate, seconds=10.0, replicas="1"
                    )
                ),
            ),
        ),
        (
            "memory",
            lambda: results.__setitem__(
                "memory", memory.measure(args.eval_dir, args.models.split(","), args.upload_mib * 2**20, args.threads)
            ),
        ),
    ]
    for name, step in steps:
        if name in parts or (name == "e2e" and "peers" in parts):
            print(f"\n== {name}", flush=True)
            started = time.monotonic()
            try:
                step()
            except Exception as error:  # one part failing keeps the others' figures
                results.setdefault("errors", {})[name] = f"{type(error).__name__}: {str(error)[-800:]}"
                print(f"{name} failed: {error}", flush=True)
            results["seconds"][name] = round(time.monotonic() - started)
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / "report.json").write_text(json.dumps(results, indent=2))
    write_chart(results, args.out / "report.png")
    write_markdown(results, args.out / "report.md", shlex.join(["bench/report.py", *sys.argv[1:]]))
    print(f"\nwrote {args.out / 'report.md'} and report.png in {sum(results['seconds'].values())} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
