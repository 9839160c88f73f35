"""Shared steps of the Redis scale-out tests: environments, sockets, uploads, long audio."""

from __future__ import annotations

import wave
from pathlib import Path

import httpx

from tests.integration.service import RunningService
from tests.support.polling import job_reaching
from tests.support.sockets import next_message

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
    return job_reaching(lambda: job_status(service, job_id), wanted, timeout)


def repeated_speech(target: Path, times: int, gap_seconds: float = 0.0) -> Path:
    """The fixture speech `times` over in one WAV: a job long enough to kill a worker in.

    Back to back, Whisper hears the same sentences several times in one 30 s window; text that
    repetitive passes its compression-ratio threshold and it falls back to sampling at higher
    temperatures, which can return anything, even nothing. A test that reads the transcript
    asks for `gap_seconds` of silence between copies (20 s keeps one copy per window)."""
    with wave.open(str(FIXTURES / "speech.wav")) as source:
        params, frames = source.getparams(), source.readframes(source.getnframes())
    silence = b"\0" * (round(gap_seconds * params.framerate) * params.sampwidth * params.nchannels)
    with wave.open(str(target), "wb") as out:
        out.setparams(params)
        for copy in range(times):
            out.writeframes(frames if copy == 0 else silence + frames)
    return target
