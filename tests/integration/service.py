"""Runs the real service (`voxrelay serve` under uvicorn), or `voxrelay worker`, in a child process for tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import uvicorn

from tests.support.polling import job_reaching

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class RunningService:
    process: subprocess.Popen
    port: int
    data_dir: Path
    log_path: Path

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def stored_audio(self) -> list[Path]:
        audio = self.data_dir / "audio"
        return sorted(p for p in audio.rglob("*") if p.is_file()) if audio.exists() else []

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL: no drain, no cleanup, as a crashed machine would."""
        self.process.kill()
        self.process.wait()

    def wait_for_job(
        self, job_id: str, statuses: frozenset[str] = frozenset({"COMPLETED", "FAILED"}), timeout: float = 120
    ) -> dict:
        """Poll GET /v1/jobs/{id} until the job reaches one of `statuses`."""
        return job_reaching(lambda: httpx.get(f"{self.http}/v1/jobs/{job_id}").json(), statuses, timeout)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class PortTaken(RuntimeError):
    """The port `free_port()` chose was bound by someone else before the child could bind it."""


def start_service(
    data_dir: Path,
    env: dict[str, str] | None = None,
    timeout: float = 120,
    command: str = "serve",
    launcher: str = "entrypoints.cli",
) -> RunningService:
    """`command="worker"` starts a queue worker, ready once it logs so; it serves no HTTP.
    `launcher`: the module (and its arguments) run with `command`; `faulty_service.launcher(N)`
    starts one whose transcriber crashes N times.

    A child binds its own port, so the one chosen can be taken in between (by a redis-server
    another fixture starts, say); that start is retried on a new port, any other failure is not."""
    for _ in range(3):
        try:
            return _start_once(data_dir, env, timeout, command, launcher)
        except PortTaken:
            continue
    raise RuntimeError("three ports in a row were taken before the service could bind them")


def _start_once(
    data_dir: Path, env: dict[str, str] | None, timeout: float, command: str, launcher: str
) -> RunningService:
    port = free_port()
    log_path = data_dir.parent / f"{command}-{port}.log"
    environ = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "VOXRELAY_PORT": str(port),
        "VOXRELAY_DATA_DIR": str(data_dir),
        **(env or {}),
    }
    with log_path.open("w") as log_file:  # the child keeps its own copy of the descriptor
        process = subprocess.Popen(
            [sys.executable, "-m", *launcher.split(), command],
            env=environ,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
    service = RunningService(process, port, data_dir, log_path)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            if "address already in use" in service.log():
                raise PortTaken(port)
            raise RuntimeError(f"service exited with {process.returncode}:\n{service.log()}")
        if command == "worker":
            if "worker ready" in service.log():
                return service
            time.sleep(0.2)
            continue
        try:
            if httpx.get(f"{service.http}/healthz", timeout=1).status_code == 200:
                return service
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    service.stop()
    raise RuntimeError(f"service did not become healthy in {timeout} s:\n{service.log()}")


@contextmanager
def serving_in_thread(app, timeout: float = 30) -> Iterator[int]:
    """Serve `app` under uvicorn in a thread of this process; yields the port.

    The listening socket is bound before the server starts and handed to it, so no other
    process (a redis-server a fixture starts, a parallel test) can take the port in between,
    as it could between `free_port()` and uvicorn's own bind."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    failures: list[BaseException] = []

    def run() -> None:
        try:
            server.run(sockets=[listener])
        except BaseException as failure:  # SystemExit included: uvicorn exits when start-up fails
            failures.append(failure)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    if not server.started:
        server.should_exit = True
        thread.join(15)
        listener.close()
        why = repr(failures[0]) if failures else f"not started in {timeout} s"
        raise AssertionError(f"the service did not start: {why} (its log is in the captured stderr)")
    try:
        yield listener.getsockname()[1]
    finally:
        server.should_exit = True
        thread.join(15)
        listener.close()
