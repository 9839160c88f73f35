"""What `voxrelay serve` prints as it starts: on a terminal text logs and a line that says
where to go; piped, JSON lines only, the same URLs among their fields."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import httpx
import pytest

from tests.integration.service import ROOT, free_port, start_service

pytestmark = pytest.mark.slow


def serve_on_a_terminal(data_dir: Path, port: int) -> tuple[subprocess.Popen, int]:
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 160, 0, 0))
    env = {k: v for k, v in os.environ.items() if not k.startswith("VOXRELAY_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "entrypoints.cli", "serve"],
        env={**env, "PYTHONPATH": str(ROOT / "src"), "VOXRELAY_PORT": str(port), "VOXRELAY_DATA_DIR": str(data_dir)},
        stdin=subprocess.DEVNULL,
        stdout=terminal,
        stderr=terminal,
        cwd=ROOT,
    )
    os.close(terminal)
    return process, controller


def read_until(controller: int, pattern: str, timeout: float = 120) -> str:
    shown, deadline = b"", time.monotonic() + timeout
    while time.monotonic() < deadline and not re.search(pattern, shown.decode(errors="replace")):
        ready, _, _ = select.select([controller], [], [], 0.5)
        if ready:
            try:
                shown += os.read(controller, 4096)
            except OSError:
                break
    return shown.decode(errors="replace")


def test_on_a_terminal_logs_are_text_and_one_line_says_where_the_docs_and_health_check_are(tmp_path):
    port = free_port()
    process, controller = serve_on_a_terminal(tmp_path / "data", port)
    try:
        shown = read_until(controller, r"voxrelay is ready: [^\n]*\n")
        lines = shown.splitlines()
        [ready] = [line.rstrip("\r") for line in lines if line.startswith("voxrelay is ready: ")]
        urls = dict(re.findall(r"(API docs|health|web page) (http://\S+)", ready))
        assert httpx.get(urls["health"]).status_code == 200 and httpx.get(urls["API docs"]).status_code == 200
    finally:
        process.terminate()
        process.wait(30)
        os.close(controller)

    assert not any(line.lstrip().startswith("{") for line in lines), shown
    assert (
        urls["API docs"] == f"http://127.0.0.1:{port}/schema" and urls["health"] == f"http://127.0.0.1:{port}/healthz"
    )
    assert ready == lines[-1].rstrip("\r"), "the ready line comes once everything has started"


def test_piped_every_line_is_json_and_one_carries_the_urls(tmp_path):
    service = start_service(tmp_path / "data")
    try:
        deadline = time.monotonic() + 30
        while '"urls"' not in service.log() and time.monotonic() < deadline:
            time.sleep(0.2)
        lines = [json.loads(line) for line in service.log().splitlines() if line.strip()]
        [ready] = [line for line in lines if "urls" in line]
        assert httpx.get(ready["urls"]["health"]).status_code == 200
        assert httpx.get(ready["urls"]["api_docs"]).status_code == 200
    finally:
        service.stop()
