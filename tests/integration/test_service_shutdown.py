"""SIGTERM to `voxrelay serve` in memory state: an upload still arriving is refused with 503
and leaves nothing, the running job finishes within the drain time, and queued jobs that
never started end FAILED with a reason (memory state cannot keep them). Requests and jobs
drain side by side: the process ends within one drain time, however long both would run."""

from __future__ import annotations

import json
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.integration.redis_processes import repeated_speech
from tests.integration.service import start_service
from tests.integration.test_service_limits import multipart_start, read_response

pytestmark = pytest.mark.slow
FIXTURES = Path(__file__).parent / "fixtures"


def test_sigterm_refuses_uploads_in_flight_finishes_the_running_job_and_fails_queued_ones(tmp_path):
    service = start_service(
        tmp_path / "data",
        env={"VOXRELAY_SHUTDOWN_DRAIN_SECONDS": "20", "VOXRELAY_LOG_FORMAT": "json", "VOXRELAY_WHISPER_BEAM_SIZE": "1"},
    )
    audio = repeated_speech(tmp_path / "long.wav", 3)
    jobs = []
    for _ in range(3):  # one runs, two wait (concurrency 1)
        with audio.open("rb") as body:
            jobs.append(httpx.post(f"{service.http}/v1/jobs", files={"file": ("a.wav", body)}, timeout=30).json())
    stored = set(service.stored_audio())
    head, body = multipart_start("unused", total_length=400_000)
    with socket.create_connection(("127.0.0.1", service.port), timeout=30) as raw:
        raw.sendall(head + body + b"\0" * 100_000)
        time.sleep(0.5)
        service.process.terminate()
        answer = read_response(raw)
    service.process.wait(60)
    assert answer.startswith(b"HTTP/1.1 503"), answer[:300]
    assert json.loads(answer.split(b"\r\n\r\n", 1)[1])["error"] == "service_unavailable"
    assert set(service.stored_audio()) <= stored  # the refused upload left nothing (ended jobs took theirs)
    log = service.log()
    assert "2 queued job(s) failed" in log
    assert "running job(s) failed" not in log  # the running one finished within the drain time
    assert service.process.returncode in (0, -15)  # uvicorn re-raises SIGTERM once drained


def test_sigterm_ends_the_process_within_one_drain_time_while_a_request_and_a_job_outlast_it(tmp_path):
    drain = 6.0  # one drain and two are 6 s apart: room for a loaded machine between the bounds
    service = start_service(
        tmp_path / "data",
        env={"VOXRELAY_SHUTDOWN_DRAIN_SECONDS": str(drain), "VOXRELAY_WHISPER_BEAM_SIZE": "1"},
    )
    audio = repeated_speech(tmp_path / "long.wav", 40).read_bytes()  # minutes of speech
    job = httpx.post(f"{service.http}/v1/jobs", files={"file": ("a.wav", audio)}, timeout=30).json()
    service.wait_for_job(job["id"], frozenset({"IN_PROGRESS"}))
    answers: list[object] = []

    def transcribe_in_the_request() -> None:
        try:
            files, data = {"file": ("a.wav", audio)}, {"model": "tiny.en"}
            url = f"{service.http}/v1/audio/transcriptions"
            answers.append(httpx.post(url, files=files, data=data, timeout=120).status_code)
        except httpx.HTTPError as error:
            answers.append(error)

    threading.Thread(target=transcribe_in_the_request, daemon=True).start()
    time.sleep(2)  # the upload is in, its transcription runs in the request
    assert answers == [], "the request ended before the signal"
    signalled = time.monotonic()
    service.process.terminate()
    service.process.wait(60)

    # Draining one after the other took two drain times (12 s).
    assert time.monotonic() - signalled < drain + 4
    assert "1 running job(s) failed: the drain time passed" in service.log()
