"""Where a short clip's job spends CPU in the real service (embedded runner, memory state,
one job at a time) against the same clips' decode in this process (WhisperTranscriber on a
pool loaded as the service loads it): CPU seconds per job, and per thread of each process,
so that work done twice shows as threads costing more than the decode's own.

The decode's two busiest threads are the job's thread and CTranslate2's OpenMP worker; the
service's others are the event loop (HTTP, the push) and the upload's worker thread (probe,
storage). Printed, never asserted:

    PYTHONPATH=src:. .venv/bin/python bench/job_cpu.py [--clips 12] [--repeats 2]
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from bench.service_session import uploading_session
from bench.throughput import short_clips

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "public"


def thread_cpu(pid: int | str = "self") -> dict[str, float]:
    """CPU seconds of each thread of a process so far, by thread id."""
    spent = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # the thread ended meanwhile
            continue
        spent[task.name] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return spent


def per_job(before: dict[str, float], after: dict[str, float], jobs: int) -> list[float]:
    return sorted((round((s - before.get(t, 0.0)) / jobs, 3) for t, s in after.items()), reverse=True)


def in_service(clips: list[Path]) -> tuple[list[float], list[str]]:
    with uploading_session({"VOXRELAY_CONCURRENCY": "1"}) as session:

        def job(path: Path) -> str:
            session.upload(path)
            return session.next_result().get("transcript", {}).get("text", "")

        for _ in range(3):  # warm up
            job(clips[0])
        pid = session.service.process.pid
        before = thread_cpu(pid)
        texts = [job(path) for path in clips]
        return per_job(before, thread_cpu(pid), len(clips)), texts


def in_process(clips: list[Path]) -> tuple[list[float], list[str]]:
    from adapters.whisper import WhisperModelLoader, WhisperModelPool, WhisperTranscriber
    from domain.transcript import TranscriptionOptions

    loader = WhisperModelLoader(cpu_threads=2)
    engine = WhisperTranscriber(pool=WhisperModelPool(loader, loader.size_of))
    engine.warm_up()

    def job(path: Path) -> str:
        with path.open("rb") as audio:
            return engine.transcribe(audio, TranscriptionOptions()).text

    for _ in range(3):
        job(clips[0])
    before = thread_cpu()
    texts = [job(path) for path in clips]
    return per_job(before, thread_cpu(), len(clips)), texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clips", type=int, default=12)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    manifest = [json.loads(line) for line in (EVAL / "manifest.jsonl").read_text().splitlines() if line.strip()]
    clips = [path for path, _ in short_clips(manifest, EVAL, args.clips)]
    for repeat in range(args.repeats):
        order = [in_process, in_service] if repeat % 2 == 0 else [in_service, in_process]
        for measure in order:
            started = time.perf_counter()
            threads, texts = measure(clips)
            print(
                f"{measure.__name__:10s} CPU {sum(threads):.3f} s/job  busiest threads {threads[:4]}  "
                f"({time.perf_counter() - started:.0f} s, load {os.getloadavg()[0]:.1f}, texts {hash(tuple(texts))})",
                flush=True,
            )


if __name__ == "__main__":
    main()
