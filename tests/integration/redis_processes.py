"""Shared steps of the Redis scale-out tests: environments, sockets, uploads, long audio."""

from __future__ import annotations

import json
import time
import wave
from pathlib import Path

import httpx

from tests.integration.service import RunningService, next_message

FIXTURES = Path(__file__).parent / "fixtures"


def redis_env(url: str, **extra: str) -> dict[str, str]:
    return {
        "VOXRELAY_STATE": "redis",
        "VOXRELAY_REDIS_URL": url,
        "VOXRELAY_SESSION_TTL_SECONDS": "120",
        "VOXRELAY_WHISPER_BEAM_SIZE": "1",
        **extra,
    }


def receive(ws, timeout: float = 60) -> dict:
    return next_message(ws, timeout)


def open_session(ws) -> str:
    return receive(ws, 10)["session_id"]


def upload(service: RunningService, path: Path, session_id: str) -> httpx.Response:
    with path.open("rb") as audio:
        return httpx.post(
            f"{service.http}/upload-audio",
            files={"file": (path.name, audio, "application/octet-stream")},
            data={"session_id": session_id},
            timeout=30,
        )


def job_status(service: RunningService, job_id: str) -> dict:
    return httpx.get(f"{service.http}/v1/jobs/{job_id}", timeout=10).json()


def wait_for_status(service: RunningService, job_id: str, wanted: set[str], timeout: float = 90) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = job_status(service, job_id)
        if job["status"] in wanted:
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} never reached {wanted}")


def nothing_more_than_pong(ws) -> list[dict]:
    """What arrives before the answer to a ping: anything else is a duplicate or a stray."""
    ws.send(json.dumps({"type": "ping"}))
    extra = []
    while (message := receive(ws, 10)) != {"type": "pong"}:
        extra.append(message)
    return extra


def repeated_speech(target: Path, times: int) -> Path:
    """The fixture speech `times` over in one WAV: a job long enough to kill a worker in."""
    with wave.open(str(FIXTURES / "speech.wav")) as source:
        params, frames = source.getparams(), source.readframes(source.getnframes())
    with wave.open(str(target), "wb") as out:
        out.setparams(params)
        for _ in range(times):
            out.writeframes(frames)
    return target
