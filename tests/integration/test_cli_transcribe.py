"""`voxrelay transcribe` on the spoken fixtures, piped (as in CI) and on a terminal (a pty):
the result alone on stdout, nothing on stderr but warnings, errors and the progress bar."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
import srt

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"


def cli_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VOXRELAY_")}
    return {**env, "PYTHONPATH": str(ROOT / "src"), "VOXRELAY_DATA_DIR": str(data_dir)}


def voxrelay(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "entrypoints.cli", "transcribe", *args],
        capture_output=True,
        text=True,
        env=cli_env(data_dir),
        timeout=300,
    )


def voxrelay_on_a_terminal(*args: str, data_dir: Path) -> tuple[int, str, str]:
    """Exit code, stdout and what a terminal on stderr would show."""
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a window's size
    process = subprocess.Popen(
        [sys.executable, "-m", "entrypoints.cli", "transcribe", *args],
        stdout=subprocess.PIPE,
        stderr=terminal,
        env=cli_env(data_dir),
    )
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the pty is closed once the process has exited
            break
        if not chunk:
            break
        shown += chunk
    stdout = process.stdout.read().decode()
    os.close(controller)
    return process.wait(timeout=300), stdout, shown.decode(errors="replace")


def test_by_default_stdout_holds_the_result_ending_in_a_newline_and_stderr_nothing(tmp_path):
    result = voxrelay(str(FIXTURES / "speech.wav"), "--format", "vtt", data_dir=tmp_path / "data")

    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.startswith("WEBVTT") and result.stdout.endswith("\n") and not result.stdout.endswith("\n\n")


def test_each_failed_file_gets_one_line_its_exit_code_and_the_others_are_still_done(tmp_path):
    missing, folder, not_audio = tmp_path / "missing.wav", tmp_path, FIXTURES / "not_audio.txt"
    result = voxrelay(
        str(missing),
        str(FIXTURES / "speech.wav"),
        str(not_audio),
        str(folder),
        "--format",
        "json",
        data_dir=tmp_path / "data",
    )

    assert result.returncode == 3, result.stderr  # the first failure: a file that cannot be read
    [done] = [json.loads(line) for line in result.stdout.splitlines()]
    assert done["file"].endswith("speech.wav") and "lazy dog" in done["text"].lower()
    lines = result.stderr.splitlines()
    assert len(lines) == 3, lines
    assert lines[0] == f"voxrelay: {missing}: cannot read the file: No such file or directory"
    assert lines[1].startswith(f"voxrelay: {not_audio}: the content does not decode as audio")
    assert lines[2] == f"voxrelay: {folder}: cannot read the file: Is a directory"


def test_audio_that_is_not_audio_exits_4_and_an_unknown_model_exits_5(tmp_path):
    not_audio = voxrelay(str(FIXTURES / "not_audio.txt"), data_dir=tmp_path / "data")
    unknown = voxrelay(
        str(FIXTURES / "speech.wav"), str(FIXTURES / "speech.ogg"), "--model", "nope", data_dir=tmp_path / "data"
    )

    assert not_audio.returncode == 4 and len(not_audio.stderr.splitlines()) == 1
    assert unknown.returncode == 5 and unknown.stdout == ""
    assert unknown.stderr.splitlines() == ["voxrelay: unknown model 'nope'; available: tiny.en, base"]


def test_on_a_terminal_logs_are_plain_lines_and_only_with_verbose(tmp_path):
    quiet_code, quiet_out, quiet_shown = voxrelay_on_a_terminal(
        str(FIXTURES / "speech.wav"), data_dir=tmp_path / "data"
    )
    code, out, shown = voxrelay_on_a_terminal(str(FIXTURES / "speech.wav"), "-v", data_dir=tmp_path / "data")

    assert quiet_code == 0 and code == 0 and "lazy dog" in quiet_out.lower() and out == quiet_out
    assert "%|" in quiet_shown  # the progress bar, which a terminal shows
    assert "info" not in quiet_shown and "{" not in quiet_shown
    logged = [line for line in shown.replace("\r", "\n").splitlines() if line.startswith("voxrelay: info: ")]
    assert any("speech model" in line for line in logged), shown
    assert not any(line.lstrip().startswith("{") for line in shown.splitlines())


def test_files_become_subtitles_in_the_output_folder_named_after_each_file(tmp_path):
    result = voxrelay(
        str(FIXTURES / "speech.wav"),
        str(FIXTURES / "too_short.wav"),
        "--format",
        "srt",
        "-o",
        str(tmp_path / "out"),
        data_dir=tmp_path / "data",
    )

    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    assert result.stdout.splitlines() == [str(out / "speech.srt"), str(out / "too_short.srt")]
    cues = srt.parse((out / "speech.srt").read_text())
    assert "lazy dog" in " ".join(" ".join(c.content.split()) for c in cues).lower()
    assert "\r" not in result.stderr and "%|" not in result.stderr  # no progress bar when piped


def test_two_files_that_would_write_the_same_output_are_refused_before_any_work(tmp_path):
    result = voxrelay(
        str(FIXTURES / "speech.wav"),
        str(FIXTURES / "speech.ogg"),
        "-o",
        str(tmp_path / "out"),
        data_dir=tmp_path / "data",
    )

    assert result.returncode == 2 and "speech.txt" in result.stderr


def test_a_multilingual_model_and_a_language_can_be_chosen_per_run(tmp_path):
    result = voxrelay(
        str(FIXTURES / "speech_es.wav"),
        "--model",
        "base",
        "--language",
        "es",
        "--format",
        "vtt",
        data_dir=tmp_path / "data",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("WEBVTT") and "mercado" in result.stdout.lower()


def test_french_on_the_english_only_default_fails_with_the_reason(tmp_path):
    result = voxrelay(str(FIXTURES / "speech.wav"), "--language", "fr", data_dir=tmp_path / "data")

    assert result.returncode == 5 and result.stdout == ""
    assert "English-only" in result.stderr
