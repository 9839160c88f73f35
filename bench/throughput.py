"""Jobs per minute through the real service (embedded runner, memory state): N short clips
uploaded at once over /upload-audio, each transcript pushed on one WebSocket session; p50/p95
from the start of each upload to its push; the service's CPU seconds per job (which another
load on the machine moves far less than the wall time); and a warm-up check (the same clip
three times one after the other right after start-up: the first no slower than the others).
Rounds are repeated in alternating order, each compared with the one-at-a-time round of its
own repeat."""

from __future__ import annotations

import os
import threading
import time
from itertools import cycle, islice
from pathlib import Path

from bench.scoring import corpus_wer, peak_rss_mib
from bench.service_session import uploading_session


def short_clips(
    manifest: list[dict], eval_dir: Path, count: int, longest_seconds: float = 30.0
) -> list[tuple[Path, str]]:
    short = [(eval_dir / m["audio"], m["reference"]) for m in manifest if m["seconds"] <= longest_seconds]
    return list(islice(cycle(short), count))


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far, all its threads."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def raw_decode_seconds(path: Path, times: int) -> list[float]:
    """The raw engine's decode of the clip (decoding the file included, as the service does),
    in this process while the service idles: the floor a lone job's upload-to-push sits on."""
    from faster_whisper import WhisperModel

    from adapters.whisper.model_locator import locate_model

    model = WhisperModel(str(locate_model("tiny.en")), device="cpu", compute_type="int8", cpu_threads=2)
    seconds = []
    for _ in range(times + 1):  # the first one warms up
        started = time.perf_counter()
        segments, _ = model.transcribe(str(path), language="en", beam_size=5, word_timestamps=True)
        list(segments)
        seconds.append(time.perf_counter() - started)
    return seconds[1:]


def run_round(
    label: str, env: dict[str, str], clips: list[tuple[Path, str]], warm_up_checks: int = 3, raw_engine: bool = False
) -> dict:
    with uploading_session(env) as session:
        warm = []
        for _ in range(warm_up_checks):
            started = time.perf_counter()
            session.upload(clips[0][0])
            session.next_result()
            warm.append(time.perf_counter() - started)
        raw = raw_decode_seconds(clips[0][0], warm_up_checks) if raw_engine else []

        sent: dict[str, tuple[float, str]] = {}
        pushed: dict[str, tuple[float, dict]] = {}
        done = threading.Event()

        def receive() -> None:
            while len(pushed) < len(clips):
                message = session.next_result()
                pushed[message["job_id"]] = (time.perf_counter(), message)
            done.set()

        receiver = threading.Thread(target=receive, daemon=True)
        pid = session.service.process.pid
        cpu_before = cpu_seconds(pid)
        load_before = os.getloadavg()[0]
        begin = time.perf_counter()
        receiver.start()
        for path, reference in clips:
            started = time.perf_counter()
            sent[session.upload(path)] = (started, reference)
        done.wait(1800)
        end = max(t for t, _ in pushed.values())
        cpu = cpu_seconds(pid) - cpu_before
        peak = peak_rss_mib(pid)
    latencies = [pushed[j][0] - sent[j][0] for j in sent]
    failed = sum(1 for _, m in pushed.values() if m["type"] != "job.completed")
    texts = [pushed[j][1].get("transcript", {}).get("text", "") for j in sent]
    row = {
        "label": label,
        "jobs": len(clips),
        "failed": failed,
        "wall_s": round(end - begin, 2),
        "jobs_per_minute": round(len(clips) / (end - begin) * 60, 1),
        "p50_s": round(percentile(latencies, 0.5), 2),
        "p95_s": round(percentile(latencies, 0.95), 2),
        "wer": round(corpus_wer([r for _, r in sent.values()], texts), 4),
        "cpu_s_per_job": round(cpu / len(clips), 3),
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "warm_up_s": [round(w, 2) for w in warm],
        "peak_rss_mib": round(peak),
        "raw_decode_s": [round(r, 2) for r in raw],
        "texts": texts,
    }
    print(
        f"{label:28s} {row['jobs_per_minute']:6.1f} jobs/min  p50 {row['p50_s']:.2f} s  p95 {row['p95_s']:.2f} s  "
        f"WER {row['wer'] * 100:.2f}%  CPU {row['cpu_s_per_job']:.3f} s/job  load {row['load_average']}  "
        f"first three: {row['warm_up_s']}",
        flush=True,
    )
    return row


ONE_AT_A_TIME = {"VOXRELAY_BATCH_JOBS": "1"}
ROUNDS = {
    "1 worker": {"VOXRELAY_CONCURRENCY": "1", **ONE_AT_A_TIME},
    "2 workers": {"VOXRELAY_CONCURRENCY": "2", **ONE_AT_A_TIME},
    "auto (batching off)": {"VOXRELAY_CONCURRENCY": "auto", **ONE_AT_A_TIME},
    "auto + batching (default 8 jobs)": {"VOXRELAY_CONCURRENCY": "auto"},
}
BASELINE = "auto (batching off)"


def measure(
    manifest: list[dict], eval_dir: Path, count: int = 50, rounds: list[str] | None = None, repeats: int = 1
) -> list[dict]:
    """Each round on the same clips, `repeats` times, every other repeat in reverse order;
    each round's transcripts and speed are compared with the one-at-a-time round of its
    repeat (`same_as_one_at_a_time`, `vs_one_at_a_time`, `cpu_vs_one_at_a_time`), and the
    batching round of the first repeat also times the raw engine on its first clip."""
    clips = short_clips(manifest, eval_dir, count)
    chosen = [(label, env) for label, env in ROUNDS.items() if rounds is None or label in rounds]
    rows: list[dict] = []
    for repeat in range(repeats):
        order = chosen if repeat % 2 == 0 else chosen[::-1]
        done = [
            {
                **run_round(label, env, clips, raw_engine=repeat == 0 and "VOXRELAY_BATCH_JOBS" not in env),
                "repeat": repeat,
            }
            for label, env in order
        ]
        baseline = next((r for r in done if r["label"] == BASELINE), None)
        for row in done:
            if baseline is not None:
                row["same_as_one_at_a_time"] = sum(a == b for a, b in zip(row["texts"], baseline["texts"]))
                row["vs_one_at_a_time"] = round(row["jobs_per_minute"] / baseline["jobs_per_minute"], 3)
                row["cpu_vs_one_at_a_time"] = round(baseline["cpu_s_per_job"] / row["cpu_s_per_job"], 3)
        rows += done
    for row in rows:
        del row["texts"]
    return rows
