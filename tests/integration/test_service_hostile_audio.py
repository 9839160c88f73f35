"""The hostile corpus (tests/integration/hostile_media.py) against the real service: each
upload gets a clear 4xx JSON answer, or is transcribed as the audio it really is, quickly,
in bounded memory, and a refusal leaves nothing behind."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from tests.integration import hostile_media as hostile
from tests.integration.service import RunningService, start_service
from tests.support.polling import ENDED, job_reaching

pytestmark = pytest.mark.slow
MAX_AUDIO_SECONDS = 600
ANSWER_SECONDS = 5  # for the upload's answer, refusal or 202
JOB_SECONDS = 60
MEMORY_GROWTH_BYTES = 400 * 1024 * 1024

REFUSED: dict[str, tuple[Callable[[], bytes], int, str]] = {
    "two hours of FLAC silence": (lambda: hostile.silence_flac(2 * 3600), 413, "audio_too_long"),
    "FLAC claiming one second, holding two hours": (
        lambda: hostile.flac_claiming_one_second(hostile.silence_flac(2 * 3600)),
        413,
        "audio_too_long",
    ),
    "mp4 with a video track only": (hostile.video_only_mp4, 415, "unsupported_audio"),
    "WAV at 4 GHz": (hostile.wav_with_huge_sample_rate, 415, "unsupported_audio"),
    "WAV with 0 channels": (hostile.wav_with_zero_channels, 415, "unsupported_audio"),
    "float WAV of NaN": (hostile.wav_of_nan_floats, 415, "unsupported_audio"),
    "text sent as audio/wav": (hostile.text_file, 415, "unsupported_audio"),
    "GIF with a WAV inside": (hostile.gif_wav_polyglot, 415, "unsupported_audio"),
    **{
        f"{ext} cut to its first bytes": (lambda ext=ext: hostile.speech(ext)[:40], 415, "unsupported_audio")
        for ext in (*hostile.SPEECH_FORMATS, "mp4")
    },
    "mp3 cut to 0.14 s": (lambda: hostile.truncated("mp3", 0.02), 422, "audio_too_short"),
}

TRANSCRIBED: dict[str, Callable[[], bytes]] = {
    "WAV whose header claims ten hours": hostile.wav_claiming_ten_hours,
    "WAV that is also an HTML page": hostile.wav_html_polyglot,
    "WAV that is also a zip archive": hostile.wav_zip_polyglot,
    "mp4 with video and speech": hostile.speech_mp4,
}

# Cut in half: what is left is audio (the first sentence), or, where the index comes last
# (m4a and mp4 write theirs at the end), nothing a decoder can use.
HALVES = (*hostile.SPEECH_FORMATS, "mp4")


@pytest.fixture(scope="module")
def service(tmp_path_factory) -> RunningService:
    running = start_service(
        tmp_path_factory.mktemp("hostile") / "data",
        env={
            "VOXRELAY_MAX_UPLOAD_BYTES": str(4_000_000),
            "VOXRELAY_MIN_AUDIO_SECONDS": "0.5",
            "VOXRELAY_MAX_AUDIO_SECONDS": str(MAX_AUDIO_SECONDS),
        },
    )
    running.baseline_peak = peak_memory(running)
    yield running
    running.stop()


def peak_memory(service: RunningService) -> int:
    status = Path(f"/proc/{service.process.pid}/status").read_text()
    kib = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(kib) * 1024


def upload(service: RunningService, content: bytes) -> httpx.Response:
    service.stored_before = set(service.stored_audio())  # a job that ends meanwhile takes its own
    started = time.monotonic()
    response = httpx.post(f"{service.http}/v1/jobs", files={"file": ("clip.wav", content, "audio/wav")}, timeout=30)
    assert time.monotonic() - started < ANSWER_SECONDS, "the upload was not answered promptly"
    return response


def finished_job(service: RunningService, job_id: str) -> dict:
    url = f"{service.http}/v1/jobs/{job_id}"
    return job_reaching(lambda: httpx.get(url, timeout=10).json(), ENDED, JOB_SECONDS, every=0.2)


def assert_refused(service: RunningService, response: httpx.Response, status: int, error: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert (body["status_code"], body["error"]) == (status, error) and body["detail"], body
    assert set(service.stored_audio()) <= service.stored_before, "a refused upload left audio behind"


def assert_heard_the_fox(job: dict, seconds: float = 9.8) -> None:
    assert job["status"] == "COMPLETED", job
    transcript = job["transcript"]
    assert "quick brown fox" in transcript["text"].lower(), transcript["text"]
    assert transcript["duration"] == pytest.approx(seconds, abs=0.5)


@pytest.mark.parametrize("name", REFUSED)
def test_hostile_content_is_refused_with_a_clear_answer(service, name):
    make, status, error = REFUSED[name]

    assert_refused(service, upload(service, make()), status, error)


@pytest.mark.parametrize("name", TRANSCRIBED)
def test_content_that_really_is_speech_is_transcribed_as_such(service, name):
    response = upload(service, TRANSCRIBED[name]())

    assert response.status_code == 202, response.text
    assert_heard_the_fox(finished_job(service, response.json()["id"]))


@pytest.mark.parametrize("ext", HALVES)
def test_a_file_cut_in_half_is_refused_or_transcribed_up_to_the_cut(service, ext):
    response = upload(service, hostile.truncated(ext, 0.5))

    if response.status_code != 202:
        assert_refused(service, response, 415, "unsupported_audio")
        return
    job = finished_job(service, response.json()["id"])
    assert job["status"] == "COMPLETED", job
    assert job["audio_seconds"] < 6.5
    assert "quick brown fox" in job["transcript"]["text"].lower()


def test_the_corpus_left_the_service_within_its_memory_bound(service):
    """Runs last in this module: the peak covers every upload above."""
    growth = peak_memory(service) - service.baseline_peak

    assert growth < MEMORY_GROWTH_BYTES, f"peak memory grew by {growth / 2**20:.0f} MiB"
