"""Live transcription (WS /v1/realtime) on the public evaluation set, against the batch path.

Every clip is streamed at real-time pace in 100 ms chunks (then once more in 20 ms chunks),
server VAD on, one clip at a time, to a `voxrelay serve` with tiny.en; the same clips go
through the batch path (POST /v1/audio/transcriptions) of the same server. Prints:
first-delta latency from speech start, end of speech to `completed` p50/p95, WER of the live
completed text and of the batch text (against the references, and live against batch), the
server's CPU seconds per audio second on each path, and how many streams at once one process
keeps up with. With --whisperlive, WhisperLive's server runs beside it on the same clips.

    .venv/bin/python bench/live.py [--eval-dir ../shared/eval/public] [--levels 1,2,4,6,8]
        [--whisperlive /path/to/its/venv/bin/python] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from bench.e2e_vs_raw import load_manifest  # noqa: E402
from bench.live_streaming import cpu_seconds, load_pcm, stream  # noqa: E402
from bench.scoring import corpus_wer  # noqa: E402
from tests.integration.service import start_service  # noqa: E402

RATE = 24000


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval" / "public")
    parser.add_argument("--model", default="tiny.en")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--levels", default="1,2,3,4,6,8", help="concurrent streams to try; empty: skip")
    parser.add_argument("--level-seconds", type=float, default=40.0, help="audio per stream at each level")
    parser.add_argument("--skip-20ms", action="store_true")
    parser.add_argument("--levels-only", action="store_true", help="only the concurrent-streams test")
    parser.add_argument("--whisperlive", type=Path, help="python of a venv with whisper-live installed")
    parser.add_argument("--json", type=Path)
    return parser.parse_args()


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def batch_pass(service, clips) -> tuple[list[str], float]:
    texts, before = [], cpu_seconds(service.process.pid)
    with httpx.Client(base_url=service.http, timeout=300) as http:
        for _item, path in clips:
            with path.open("rb") as audio:
                answer = http.post(
                    "/v1/audio/transcriptions",
                    files={"file": (path.name, audio)},
                    data={"model": "whisper-1", "language": "en"},
                )
            answer.raise_for_status()
            texts.append(answer.json()["text"])
    return texts, cpu_seconds(service.process.pid) - before


def live_pass(service, clips, chunk_seconds: float) -> tuple[list, float]:
    results, before = [], cpu_seconds(service.process.pid)
    url = f"{service.ws}/v1/realtime?intent=transcription"
    for item, path in clips:
        result = stream(url, load_pcm(path, RATE), RATE, chunk_seconds)
        results.append(result)
        delta = result.first_delta_latency()
        lags = result.end_to_completed()
        print(
            f"  {item['id']:40s} {item['seconds']:5.1f} s  first delta {delta if delta is not None else float('nan'):5.2f} s"
            f"  end→completed {', '.join(f'{lag:.2f}' for lag in lags)}",
            flush=True,
        )
    return results, cpu_seconds(service.process.pid) - before


def summarise(name: str, results, refs: list[str], batch: list[str], cpu: float, audio: float) -> dict:
    deltas = [d for d in (r.first_delta_latency() for r in results) if d is not None]
    lags = [lag for r in results for lag in r.end_to_completed()]
    stopped = [lag for r in results for lag in r.stopped_to_completed()]
    texts = [r.text for r in results]
    tails = [
        r.of("conversation.item.input_audio_transcription.completed")[-1][0] - r.sent_at(r.audio_seconds)
        for r in results
        if r.of("conversation.item.input_audio_transcription.completed")
    ]
    figures = {
        "path": name,
        "first_delta_p50_s": percentile(deltas, 0.5),
        "first_delta_p95_s": percentile(deltas, 0.95),
        "clips_with_a_delta": len(deltas),
        "end_to_completed_p50_s": percentile(lags, 0.5),
        "end_to_completed_p95_s": percentile(lags, 0.95),
        "stopped_to_completed_p50_s": percentile(stopped, 0.5),
        "stopped_to_completed_p95_s": percentile(stopped, 0.95),
        "audio_end_to_last_completed_p50_s": percentile(tails, 0.5),
        "audio_end_to_last_completed_p95_s": percentile(tails, 0.95),
        "utterances": len(lags),
        "wer": corpus_wer(refs, texts),
        "wer_vs_batch": corpus_wer(batch, texts),
        "cpu_s_per_audio_s": cpu / audio,
    }
    return figures


def one_level(service, pcm: np.ndarray, streams: int, baseline: dict | None) -> dict:
    """N streams at once. One falls behind real time when work piles up: the last completed
    comes more than 3 s later after the audio than a lone stream's did, its end-of-speech
    lag p95 grows by more than 3 s, or the server refused audio for its backlog."""
    url = f"{service.ws}/v1/realtime?intent=transcription"
    results: list = [None] * streams
    before, started = cpu_seconds(service.process.pid), time.monotonic()

    def run(index: int) -> None:
        time.sleep(index * 0.37)  # staggered, as real users start
        results[index] = stream(url, pcm, RATE, 0.1)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(streams)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    lags = [lag for r in results for lag in r.end_to_completed()]
    tails = [r.events[-1][0] - r.sent_at(r.audio_seconds) if r.events else float("inf") for r in results]
    cpu = cpu_seconds(service.process.pid) - before
    refused = sum(1 for r in results for _, e in r.events if e["type"] == "error")
    tail_limit = (baseline["last_completed_after_audio_max_s"] if baseline else max(tails)) + 3.0
    lag_limit = (baseline["end_to_completed_p95_s"] if baseline else percentile(lags, 0.95)) + 3.0
    keeps_up = not refused and max(tails) <= tail_limit and percentile(lags, 0.95) <= lag_limit
    return {
        "errors": refused,
        "streams": streams,
        "end_to_completed_p50_s": percentile(lags, 0.5),
        "end_to_completed_p95_s": percentile(lags, 0.95),
        "last_completed_after_audio_max_s": max(tails),
        "cpu_busy": cpu / wall,
        "keeps_up": keeps_up,
    }


def concatenated(clips, seconds: float) -> np.ndarray:
    parts, total = [], 0.0
    for _, path in clips:
        pcm = load_pcm(path, RATE)
        parts += [pcm, np.zeros(int(0.8 * RATE), dtype="<i2")]
        total += pcm.size / RATE + 0.8
        if total >= seconds:
            break
    return np.concatenate(parts)[: int(seconds * RATE)]


def main() -> int:
    args = parse_args()
    manifest = load_manifest(args.eval_dir, args.limit)
    clips = [(item, args.eval_dir / item["audio"]) for item in manifest]
    refs = [item["reference"] for item in manifest]
    audio = sum(load_pcm(path, RATE).size / RATE for _, path in clips)
    env = {
        "VOXRELAY_WHISPER_MODEL": args.model,
        "VOXRELAY_WHISPER_THREADS": str(args.threads),
        "VOXRELAY_LOG_LEVEL": "warning",
        "VOXRELAY_LIVE_MAX_STREAMS": "64",
        "VOXRELAY_LIVE_MAX_STREAMS_PER_KEY": "64",
    }
    report: dict = {"files": len(clips), "audio_seconds": round(audio, 1), "model": args.model, "load": []}
    sampling = threading.Event()

    def sample_load() -> None:  # the machine is shared: say how busy it was
        while not sampling.wait(30):
            report["load"].append(round(os.getloadavg()[0], 1))

    threading.Thread(target=sample_load, daemon=True).start()
    with tempfile.TemporaryDirectory() as tmp:
        service = start_service(Path(tmp) / "data", env=env)
        try:
            print("batch path (POST /v1/audio/transcriptions)", flush=True)
            batch_pass(service, clips[:1])  # warm-up
            batch, batch_cpu = batch_pass(service, clips[: 1 if args.levels_only else None])
            report["batch"] = {"wer": corpus_wer(refs[: len(batch)], batch), "cpu_s_per_audio_s": batch_cpu / audio}
            rows = []
            for chunk in () if args.levels_only else (0.1, 0.02)[: 1 if args.skip_20ms else 2]:
                print(f"live, {chunk * 1000:.0f} ms chunks", flush=True)
                results, cpu = live_pass(service, clips, chunk)
                rows.append(summarise(f"voxrelay live, {chunk * 1000:.0f} ms chunks", results, refs, batch, cpu, audio))
                if chunk == 0.1:
                    report["live_texts"] = [r.text for r in results]
                    speech_starts = [
                        (r.of("input_audio_buffer.speech_started")[0][1]["audio_start_ms"] + 300) / 1000
                        if r.of("input_audio_buffer.speech_started")
                        else 0.0
                        for r in results
                    ]
            report["live"] = rows
            levels = [int(n) for n in args.levels.split(",") if n.strip()]
            report["levels"] = []
            if levels:
                pcm = concatenated(clips, args.level_seconds)
                baseline = None
                for streams in levels:
                    figures = one_level(service, pcm, streams, baseline)
                    baseline = baseline or figures
                    report["levels"].append(figures)
                    print(
                        f"  {streams} streams: p50/p95 end→completed {figures['end_to_completed_p50_s']:.2f}/"
                        f"{figures['end_to_completed_p95_s']:.2f} s, last completed {figures['last_completed_after_audio_max_s']:.2f} s "
                        f"after the audio, CPU {figures['cpu_busy']:.2f} cores, keeps up: {figures['keeps_up']}",
                        flush=True,
                    )
                    if not figures["keeps_up"]:
                        break
        finally:
            service.stop()
    if args.whisperlive:
        from bench.whisperlive_peer import whisperlive_pass

        print("WhisperLive", flush=True)
        report["whisperlive"] = whisperlive_pass(
            args.whisperlive, clips, refs, batch, speech_starts, args.model, args.threads, audio
        )
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=float))
    return 0


def print_report(report: dict) -> None:
    print()
    print(
        f"{report['files']} clips, {report['audio_seconds']} s of audio, {report['model']}, server VAD, real-time pace"
    )
    print(f"load average during the run (1 min, sampled): {report.get('load', [])}")
    print(
        f"batch path: WER {report['batch']['wer'] * 100:.2f} %, CPU {report['batch']['cpu_s_per_audio_s']:.3f} s per audio s"
    )
    header = (
        "| path | first delta p50 / p95 | end of speech → completed p50 / p95 | speech_stopped → completed p50 / p95 "
        "| end of clip → last completed p50 / p95 | WER | WER vs batch | CPU s / audio s |"
    )
    print(header)
    print("|---|---|---|---|---|---|---|---|")
    for row in report["live"] + ([report["whisperlive"]] if "whisperlive" in report else []):
        print(
            f"| {row['path']} | {row['first_delta_p50_s']:.2f} / {row['first_delta_p95_s']:.2f} s "
            f"| {row['end_to_completed_p50_s']:.2f} / {row['end_to_completed_p95_s']:.2f} s "
            f"| {row.get('stopped_to_completed_p50_s', float('nan')):.2f} / {row.get('stopped_to_completed_p95_s', float('nan')):.2f} s "
            f"| {row['audio_end_to_last_completed_p50_s']:.2f} / {row['audio_end_to_last_completed_p95_s']:.2f} s "
            f"| {row['wer'] * 100:.2f} % | {row['wer_vs_batch'] * 100:.2f} % | {row['cpu_s_per_audio_s']:.3f} |"
        )
    peer = report.get("whisperlive")
    if peer:
        print(
            f"WhisperLive: end of clip → last text change p50/p95 {peer['audio_end_to_last_text_change_p50_s']:.2f}/"
            f"{peer['audio_end_to_last_text_change_p95_s']:.2f} s; clips whose last segment never completed "
            f"(20 s wait): {peer['clips_never_completed']} of {report['files']}"
        )
    kept = [level["streams"] for level in report["levels"] if level["keeps_up"]]
    if report["levels"]:
        print(
            f"most concurrent real-time streams kept up with: {max(kept) if kept else 0} (levels tried: "
            f"{', '.join(str(level['streams']) for level in report['levels'])})"
        )


if __name__ == "__main__":
    sys.exit(main())
