"""WhisperLive (`whisper-live` 0.10.0) beside voxrelay's live path: its server in its own
venv on the same model folder (int8, 2 threads, beam 5 as its default, language en, VAD on),
the same clips streamed at real-time pace in 100 ms chunks.

Its venv (not committed), per /work/shared/PEERS.md: `python -m venv V; V/bin/pip install
faster-whisper==1.2.0 websockets numpy av onnxruntime scipy websocket-client requests fastapi
uvicorn python-multipart torch==2.13.0; V/bin/pip install --no-deps whisper-live==0.10.0
silero-vad`, then `bench/live.py --whisperlive V/bin/python`."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import textwrap
import threading
import time
import uuid
from pathlib import Path

import numpy as np
from websockets.sync.client import connect

from adapters.whisper.model_locator import locate_model
from bench.live_streaming import cpu_seconds, load_pcm
from bench.scoring import corpus_wer
from tests.integration.service import free_port

LAUNCHER = """
import functools, logging, os, shutil
import silero_vad
# Its VAD fetches silero_vad.onnx at start; no network here: the silero-vad package's copy
# (the same model family, 6.2) goes where it looks, under this run's own HOME.
target = os.path.expanduser("~/.cache/whisper-live/silero_vad.onnx")
os.makedirs(os.path.dirname(target), exist_ok=True)
shutil.copy(os.path.join(os.path.dirname(silero_vad.__file__), "data", "silero_vad.onnx"), target)
import whisper_live.backend.faster_whisper_backend as backend
from whisper_live.server import TranscriptionServer
logging.basicConfig(level=logging.WARNING)
# Pinned like every peer: int8 on the CPU, {threads} threads.
backend.WhisperModel = functools.partial(backend.WhisperModel, cpu_threads={threads})
TranscriptionServer().run("127.0.0.1", port={port}, backend="faster_whisper",
                          faster_whisper_custom_model_path={model!r}, max_clients=4, max_connection_time=3600)
"""


def start_server(python: Path, model: str, threads: int, workdir: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    script = workdir / "whisperlive_server.py"
    script.write_text(textwrap.dedent(LAUNCHER.format(threads=threads, port=port, model=str(locate_model(model)))))
    log = (workdir / "whisperlive.log").open("w")
    env = {**os.environ, "HOME": str(workdir)}
    process = subprocess.Popen([str(python), str(script)], stdout=log, stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with connect(f"ws://127.0.0.1:{port}", open_timeout=1):
                return process, port
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise RuntimeError("WhisperLive did not start: " + (workdir / "whisperlive.log").read_text()[-2000:])


def stream_clip(
    port: int, pcm16k: np.ndarray, model: str, chunk: float = 0.1, tail: float = 1.5, wait: float = 20.0
) -> dict:
    """Frames at real-time pace; END_OF_AUDIO only once its last segment is complete (or
    `wait` seconds after the audio), since sent earlier it drops what it has not decoded."""
    audio = np.concatenate([pcm16k.astype(np.float32) / 32768.0, np.zeros(int(tail * 16000), np.float32)])
    step = int(16000 * chunk)
    messages: list[tuple[float, list]] = []
    with connect(f"ws://127.0.0.1:{port}", max_size=None) as ws:
        ws.send(
            json.dumps(
                {"uid": uuid.uuid4().hex, "language": "en", "task": "transcribe", "model": model, "use_vad": True}
            )
        )
        while json.loads(ws.recv(timeout=60)).get("message") != "SERVER_READY":
            pass
        sent: list[float] = []

        def send() -> None:
            start = time.monotonic()
            for index in range(0, audio.size, step):
                delay = start + index / 16000 - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                sent.append(time.monotonic())
                ws.send(audio[index : index + step].tobytes())

        sender = threading.Thread(target=send, daemon=True)
        sender.start()
        deadline = None
        while deadline is None or time.monotonic() < deadline:
            if deadline is None and not sender.is_alive():
                deadline = time.monotonic() + wait
            try:
                message = json.loads(ws.recv(timeout=0.2))
            except TimeoutError:
                continue
            if "segments" not in message:
                continue
            messages.append((time.monotonic(), message["segments"]))
            if deadline is not None and message["segments"] and message["segments"][-1].get("completed"):
                break
        sender.join()
        end_of_audio = sent[min(len(sent) - 1, int(pcm16k.size / step))]
        ws.send(b"END_OF_AUDIO")
    return {"messages": messages, "sent": sent, "end_of_audio": end_of_audio}


def last_change(messages: list[tuple[float, list]]) -> float:
    """When the text last changed: WhisperLive resends its last segments unchanged."""
    changed, previous = messages[0][0], None
    for at, segments in messages:
        text = [(s["start"], s["text"]) for s in segments]
        if text != previous:
            changed, previous = at, text
    return changed


def final_text(messages: list[tuple[float, list]]) -> str:
    by_start: dict[float, str] = {}
    for _, segments in messages:
        for segment in segments:
            by_start[float(segment["start"])] = segment["text"].strip()
    return " ".join(text for _, text in sorted(by_start.items()) if text)


def whisperlive_pass(
    python: Path,
    clips,
    refs: list[str],
    batch: list[str],
    speech_starts: list[float],
    model: str,
    threads: int,
    audio_seconds: float,
) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        process, port = start_server(python, model, threads, Path(tmp))
        try:
            stream_clip(port, load_pcm(clips[0][1], 16000)[: 16000 * 3], model)  # warm-up, untimed
            before = cpu_seconds(process.pid)
            results = []
            for (item, path), speech in zip(clips, speech_starts):
                result = stream_clip(port, load_pcm(path, 16000), model)
                results.append(result)
                texts = [t for t, segments in result["messages"] if any(s["text"].strip() for s in segments)]
                first = (
                    texts[0] - result["sent"][min(len(result["sent"]) - 1, int(speech / 0.1))]
                    if texts
                    else float("nan")
                )
                last = result["messages"][-1] if result["messages"] else None  # the stream stops at its completion
                done = (
                    last[0] - result["end_of_audio"]
                    if last and last[1] and last[1][-1].get("completed")
                    else float("nan")
                )
                change = (
                    last_change(result["messages"]) - result["end_of_audio"] if result["messages"] else float("nan")
                )
                result.update(first=first, done=done, change=change)
                print(
                    f"  {item['id']:40s} first text {first:5.2f} s, last text change {change:5.2f} s and last segment "
                    f"completed {done:5.2f} s after the audio",
                    flush=True,
                )
            cpu = cpu_seconds(process.pid) - before
        finally:
            process.kill()
            process.wait()
    texts = [final_text(r["messages"]) for r in results]
    firsts = [r["first"] for r in results if r["first"] == r["first"]]
    dones = [r["done"] for r in results if r["done"] == r["done"]]
    changes = [r["change"] for r in results if r["change"] == r["change"]]
    from bench.live import percentile

    return {
        "path": "WhisperLive 0.10.0, 100 ms chunks",
        "first_delta_p50_s": percentile(firsts, 0.5),
        "first_delta_p95_s": percentile(firsts, 0.95),
        "end_to_completed_p50_s": percentile(dones, 0.5),
        "end_to_completed_p95_s": percentile(dones, 0.95),
        "audio_end_to_last_completed_p50_s": percentile(dones, 0.5),
        "audio_end_to_last_completed_p95_s": percentile(dones, 0.95),
        "clips_never_completed": len(results) - len(dones),
        "audio_end_to_last_text_change_p50_s": percentile(changes, 0.5),
        "audio_end_to_last_text_change_p95_s": percentile(changes, 0.95),
        "wer": corpus_wer(refs, texts),
        "wer_vs_batch": corpus_wer(batch, texts),
        "cpu_s_per_audio_s": cpu / audio_seconds,
    }
