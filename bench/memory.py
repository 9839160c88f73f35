"""Memory, in Redis state: peak RSS (VmHWM) of one `voxrelay worker` per model after it has
transcribed a few clips, and of an API-only replica (`serve --no-worker`) before and after
it takes a 1 GiB WAV upload (streamed from a file by httpx; the upload and the probe's
walk over every packet are what is measured: no worker runs, and the job is deleted)."""

from __future__ import annotations

import tempfile
import time
import wave
from pathlib import Path

import httpx
import numpy as np

from bench.scoring import peak_rss_mib
from tests.integration.service import start_service
from tests.redis_server import RedisServer, find_redis_server

GIB = 2**30


def big_wav(path: Path, size: int = GIB) -> Path:
    """16 kHz mono 16-bit noise, `size` bytes of samples (1 GiB: about 9.3 hours)."""
    rng = np.random.default_rng(7)
    block = (rng.standard_normal(2**19) * 300).astype("<i2").tobytes()  # 1 MiB
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        for _ in range(size // len(block)):
            out.writeframesraw(block)
    return path


def wait_finished(http: httpx.Client, ids: list[str], timeout: float = 900) -> None:
    deadline = time.monotonic() + timeout
    pending = set(ids)
    while pending and time.monotonic() < deadline:
        for job_id in list(pending):
            if http.get(f"/v1/jobs/{job_id}").json()["status"] in ("COMPLETED", "FAILED"):
                pending.discard(job_id)
        time.sleep(0.2)


def measure(eval_dir: Path, models: list[str], upload_bytes: int = GIB, threads: int = 2) -> dict:
    clips = sorted(eval_dir.glob("*.wav"), key=lambda p: -p.stat().st_size)[:4]  # the longest four
    result: dict = {"workers": [], "upload": None}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        redis = RedisServer(find_redis_server(), work)
        redis.start()
        try:
            for db, model in enumerate(models, start=1):
                env = {
                    "VOXRELAY_STATE": "redis",
                    "VOXRELAY_REDIS_URL": redis.url.replace("/0", f"/{db}"),
                    "VOXRELAY_WHISPER_MODEL": model,
                    "VOXRELAY_WHISPER_THREADS": str(threads),
                    "VOXRELAY_LOG_LEVEL": "warning",
                }
                data = work / f"data-{db}"
                api = start_service(data, {**env, "VOXRELAY_WORKER": "false"})
                worker = None
                try:
                    # start_service knows a worker is ready by its info line
                    worker = start_service(data, {**env, "VOXRELAY_LOG_LEVEL": "info"}, command="worker", timeout=600)
                    ready = peak_rss_mib(worker.process.pid)
                    with httpx.Client(base_url=api.http, timeout=120) as http:
                        ids = []
                        for clip in clips:
                            with clip.open("rb") as audio:
                                ids.append(http.post("/v1/jobs", files={"file": (clip.name, audio)}).json()["id"])
                        wait_finished(http, ids)
                    row = {
                        "model": model,
                        "ready_mib": round(ready),
                        "peak_mib": round(peak_rss_mib(worker.process.pid)),
                        "api_peak_mib": round(peak_rss_mib(api.process.pid)),
                    }
                    result["workers"].append(row)
                    print(
                        f"worker {model:8s}: {row['ready_mib']} MiB warmed up, peak {row['peak_mib']} MiB after "
                        f"{len(clips)} jobs; API replica {row['api_peak_mib']} MiB",
                        flush=True,
                    )
                finally:
                    for process in (worker, api):
                        if process is not None:
                            process.stop()
            if upload_bytes:
                result["upload"] = upload(redis, work, upload_bytes)
        finally:
            redis.stop()
    return result


def upload(redis: RedisServer, work: Path, size: int) -> dict:
    path = big_wav(work / "big.wav", size)
    env = {
        "VOXRELAY_STATE": "redis",
        "VOXRELAY_REDIS_URL": redis.url.replace("/0", "/15"),
        "VOXRELAY_WORKER": "false",
        "VOXRELAY_LOG_LEVEL": "warning",
        "VOXRELAY_MAX_UPLOAD_BYTES": str(size + 2**20),
        "VOXRELAY_MAX_AUDIO_SECONDS": str(size / 32000 + 60),
    }
    api = start_service(work / "data-upload", env)
    try:
        with httpx.Client(base_url=api.http, timeout=600) as http:
            http.get("/healthz")
            before = peak_rss_mib(api.process.pid)
            started = time.perf_counter()
            with path.open("rb") as audio:
                response = http.post("/v1/jobs", files={"file": (path.name, audio, "audio/wav")})
            seconds = time.perf_counter() - started
            after = peak_rss_mib(api.process.pid)
            body = response.json()
            if response.status_code == 202:
                http.delete(f"/v1/jobs/{body['id']}")
    finally:
        api.stop()
        path.unlink()
    row = {
        "bytes": size,
        "status": response.status_code,
        "seconds": round(seconds, 1),
        "audio_seconds": body.get("audio_seconds"),
        "before_mib": round(before, 1),
        "after_mib": round(after, 1),
        "growth_mib": round(after - before, 1),
    }
    print(
        f"{size / 2**30:.2f} GiB upload: HTTP {row['status']} in {row['seconds']} s; API VmHWM {row['before_mib']} -> "
        f"{row['after_mib']} MiB (+{row['growth_mib']} MiB)",
        flush=True,
    )
    return row
