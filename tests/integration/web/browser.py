"""Debian's Chromium under Playwright, with a fake microphone that speaks a fixture.

No browser is downloaded: Playwright drives the system's `chromium` (`executable_path`).
Where it or the playwright package is missing, `browser_or_skip` says why and the tests skip.
"""

from __future__ import annotations

import shutil
import wave
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CHROMIUM_CANDIDATES = ("chromium", "chromium-browser")


def chromium_path() -> str | None:
    for name in CHROMIUM_CANDIDATES:
        if found := shutil.which(name):
            return found
    return None


def why_no_browser() -> str | None:
    """None when the browser tests can run, else the reason they cannot."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (it is in the dev extra)"
    if chromium_path() is None:
        return "no chromium on PATH (.ci/run installs Debian's chromium when it runs as root)"
    return None


def microphone_wav(out: Path, silence_seconds: float = 2.0) -> Path:
    """speech.wav (espeak-ng's voice, made by fixtures/make_fixtures.py) followed by silence,
    as 16-bit PCM, the format Chromium's fake capture reads. It loops the file, so the pause
    ends each utterance for a voice-activity detector, as a person pausing would."""
    with wave.open(str(FIXTURES / "speech.wav"), "rb") as source:
        params = source.getparams()
        frames = source.readframes(source.getnframes())
    assert params.sampwidth == 2, "Chromium's fake capture wants 16-bit PCM"
    silence = b"\x00" * (int(params.framerate * silence_seconds) * params.nchannels * params.sampwidth)
    with wave.open(str(out), "wb") as target:
        target.setparams(params)
        target.writeframes(frames + silence)
    return out


def launch_arguments(wav: Path) -> list[str]:
    return [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-audio-capture={wav}",
        "--autoplay-policy=no-user-gesture-required",
    ]
