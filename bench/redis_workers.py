"""Redis mode: jobs per minute with 1 and 2 `voxrelay worker` processes on short clips.

Starts a private redis-server, one `voxrelay serve --no-worker` replica and W workers
(concurrency 1 each, the machine's cores split among them with VOXRELAY_WHISPER_THREADS),
uploads every short clip of the evaluation set through POST /v1/jobs at once, and times
from the first upload to the last job finished. Model and decoding are the defaults
(tiny.en, int8, beam 5, word timestamps).

    .venv/bin/python bench/redis_workers.py [--eval-dir ../shared/eval/public] [--workers 1,2]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import wave
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from tests.integration.service import start_service  # noqa: E402
from tests.redis_server import RedisServer, running_redis_server  # noqa: E402


def duration(path: Path) -> float:
    with wave.open(str(path)) as audio:
        return audio.getnframes() / audio.getframerate()


def short_clips(eval_dir: Path, longest_bytes: int) -> list[Path]:
    return sorted(p for p in eval_dir.glob("*.wav") if p.stat().st_size <= longest_bytes)


def run_round(redis: RedisServer, db: int, workers: int, clips: list[Path], workdir: Path) -> None:
    threads = max(1, (os.cpu_count() or 1) // workers)
    env = {
        "VOXRELAY_STATE": "redis",
        "VOXRELAY_REDIS_URL": redis.url.replace("/0", f"/{db}"),
        "VOXRELAY_WHISPER_THREADS": str(threads),
    }
    data_dir = workdir / f"data-{db}"
    api = start_service(data_dir, {**env, "VOXRELAY_WORKER": "false"})
    started = []
    try:
        started += [start_service(data_dir, env, command="worker") for _ in range(workers)]
        begin = time.monotonic()
        ids = []
        for clip in clips:
            with clip.open("rb") as audio:
                response = httpx.post(f"{api.http}/v1/jobs", files={"file": (clip.name, audio)}, timeout=60)
            response.raise_for_status()
            ids.append(response.json()["id"])
        pending = set(ids)
        failed = 0
        while pending:
            for job_id in list(pending):
                status = httpx.get(f"{api.http}/v1/jobs/{job_id}", timeout=10).json()["status"]
                if status in ("COMPLETED", "FAILED"):
                    pending.discard(job_id)
                    failed += status == "FAILED"
            time.sleep(0.1)
        elapsed = time.monotonic() - begin
        print(
            f"{workers} worker(s) x {threads} thread(s): {len(ids)} jobs in {elapsed:.1f} s = "
            f"{len(ids) / elapsed * 60:.1f} jobs/min ({failed} failed)"
        )
    finally:
        for process in [api, *started]:
            process.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval" / "public")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--longest-mib", type=float, default=1.5, help="skip clips larger than this")
    args = parser.parse_args()
    clips = short_clips(args.eval_dir, int(args.longest_mib * 2**20))
    seconds = sum(duration(p) for p in clips)
    print(f"{len(clips)} clips, about {seconds:.0f} s of audio; {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp, running_redis_server(Path(tmp)) as redis:
        for db, workers in enumerate(int(w) for w in args.workers.split(",")):
            run_round(redis, db + 1, workers, clips, Path(tmp))


if __name__ == "__main__":
    main()
