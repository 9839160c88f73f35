"""`voxrelay transcribe` on the spoken fixtures, piped (as in CI): plain output, no bars."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import srt

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"


def voxrelay(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "VOXRELAY_DATA_DIR": str(data_dir), "VOXRELAY_LOG_LEVEL": "warning"}
    return subprocess.run(
        [sys.executable, "-m", "entrypoints.cli", "transcribe", *args],
        capture_output=True, text=True, env=env, timeout=300,
    )


def test_files_become_subtitles_in_the_output_folder_named_after_each_file(tmp_path):
    result = voxrelay(str(FIXTURES / "speech.wav"), str(FIXTURES / "too_short.wav"), "--format", "srt",
                      "-o", str(tmp_path / "out"), data_dir=tmp_path / "data")

    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    assert result.stdout.splitlines() == [str(out / "speech.srt"), str(out / "too_short.srt")]
    cues = srt.parse((out / "speech.srt").read_text())
    assert "lazy dog" in " ".join(" ".join(c.content.split()) for c in cues).lower()
    assert "\r" not in result.stderr and "%|" not in result.stderr  # no progress bar when piped


def test_two_files_that_would_write_the_same_output_are_refused_before_any_work(tmp_path):
    result = voxrelay(str(FIXTURES / "speech.wav"), str(FIXTURES / "speech.ogg"), "-o", str(tmp_path / "out"),
                      data_dir=tmp_path / "data")

    assert result.returncode == 2 and "speech.txt" in result.stderr


def test_a_multilingual_model_and_a_language_can_be_chosen_per_run(tmp_path):
    result = voxrelay(str(FIXTURES / "speech_es.wav"), "--model", "base", "--language", "es", "--format", "vtt",
                      data_dir=tmp_path / "data")

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("WEBVTT") and "mercado" in result.stdout.lower()


def test_french_on_the_english_only_default_fails_with_the_reason(tmp_path):
    result = voxrelay(str(FIXTURES / "speech.wav"), "--language", "fr", data_dir=tmp_path / "data")

    assert result.returncode == 1 and result.stdout == ""
    assert "English-only" in result.stderr
