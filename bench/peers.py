"""The self-hosted servers people run today, each installed from PyPI into its own virtual
environment under bench/.peers/ and started with the same model folder and settings as
ours (int8, 2 threads, beam 5, language en). Each is a function of a WAV path giving
(text, wall seconds), like the other paths of bench/e2e_vs_raw.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
PEERS = ROOT / "bench" / ".peers"
PYTHON = os.environ.get("VOXRELAY_BENCH_PEER_PYTHON", "python3.11")
OFFLINE = {"HF_HUB_OFFLINE": "1", "HF_HUB_DISABLE_TELEMETRY": "1"}


def install(package: str) -> Path:
    """The peer's venv (created and installed on first use); RuntimeError says why not."""
    venv = PEERS / package
    marker = venv / ".installed"
    if marker.exists():
        return venv
    PEERS.mkdir(parents=True, exist_ok=True)
    steps = [[PYTHON, "-m", "venv", str(venv)], [str(venv / "bin" / "pip"), "install", "--quiet", package]]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, timeout=900)
        if done.returncode:
            raise RuntimeError(f"`{' '.join(step[-3:])}` failed: {(done.stderr or done.stdout).strip()[-600:]}")
    marker.touch()
    return venv


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Peer:
    name: str
    process: subprocess.Popen
    workdir: Path
    helper: subprocess.Popen | None = None
    transcribe_path: object = field(default=None, repr=False)

    def log(self) -> str:
        return (self.workdir / f"{self.name}.log").read_text(errors="replace")[-2000:]

    def stop(self) -> None:
        for process in (self.helper, self.process):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(15)
                except subprocess.TimeoutExpired:
                    process.kill()

    def peak_rss_mib(self) -> float:
        from bench.scoring import peak_rss_mib

        return peak_rss_mib(self.process.pid)


def _spawn(name: str, command: list[str], workdir: Path) -> subprocess.Popen:
    log = (workdir / f"{name}.log").open("w")
    return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **OFFLINE}, cwd=workdir)


def faster_whisper_server(model_dir: str, workdir: Path, threads: int, beam_size: int, language: str) -> Peer:
    """OpenAI-style HTTP. Its 0.0.x CLI takes model options only from a YAML config, and the
    request names the model with the form field `model_name`."""
    venv = install("faster-whisper-server")
    config = workdir / "faster-whisper-server.yaml"
    config.write_text(
        json.dumps(
            {
                "models": [
                    {  # JSON is YAML
                        "name": "bench",
                        "path": model_dir,
                        "model_options": {"device": "cpu", "compute_type": "int8", "cpu_threads": threads},
                        "transcribe_options": {"beam_size": beam_size, "language": language},
                    }
                ]
            }
        )
    )
    port = free_port()
    process = _spawn(
        "faster-whisper-server",
        [
            str(venv / "bin" / "faster-whisper-server"),
            "--config",
            str(config),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        workdir,
    )
    peer = Peer("faster-whisper-server", process, workdir)
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=600)
    _wait(peer, lambda: client.get("/health").status_code == 200)

    def transcribe(path: Path) -> str:
        with path.open("rb") as audio:
            response = client.post(
                "/v1/audio/transcriptions",
                files={"file": (path.name, audio)},
                data={"model_name": "bench", "response_format": "json"},
            )
        response.raise_for_status()
        return response.json()["text"]

    peer.transcribe_path = transcribe
    return peer


def wyoming_faster_whisper(model_dir: str, workdir: Path, threads: int, beam_size: int, language: str) -> Peer:
    """Wyoming over TCP, driven by bench/wyoming_client.py in the peer's own venv (the
    `wyoming` package comes with the server); the wall time is the client's own."""
    venv = install("wyoming-faster-whisper")
    port = free_port()
    uri = f"tcp://127.0.0.1:{port}"
    process = _spawn(
        "wyoming-faster-whisper",
        [
            str(venv / "bin" / "python"),
            "-m",
            "wyoming_faster_whisper",
            "--uri",
            uri,
            "--model",
            model_dir,
            "--data-dir",
            str(workdir),
            "--device",
            "cpu",
            "--compute-type",
            "int8",
            "--cpu-threads",
            str(threads),
            "--beam-size",
            str(beam_size),
            "--language",
            language,
            "--stt-library",
            "faster-whisper",
            "--local-files-only",
        ],
        workdir,
    )
    peer = Peer("wyoming-faster-whisper", process, workdir)
    _wait(peer, lambda: "Ready" in peer.log() or _port_open(port))
    helper = subprocess.Popen(
        [str(venv / "bin" / "python"), str(ROOT / "bench" / "wyoming_client.py"), uri, language],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    peer.helper = helper
    peer.walls: list[float] = []

    def transcribe(path: Path) -> str:
        helper.stdin.write(f"{path}\n")
        helper.stdin.flush()
        line = helper.stdout.readline()
        if not line:
            raise RuntimeError(f"the Wyoming client ended: {peer.log()}")
        answer = json.loads(line)
        peer.walls.append(answer["wall"])
        return answer["text"]

    peer.transcribe_path = transcribe
    return peer


def _port_open(port: int) -> bool:
    import socket

    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def _wait(peer: Peer, ready, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if peer.process.poll() is not None:
            raise RuntimeError(f"{peer.name} exited with {peer.process.returncode}: {peer.log()}")
        try:
            if ready():
                return
        except (httpx.HTTPError, OSError):
            pass
        time.sleep(0.3)
    peer.stop()
    raise RuntimeError(f"{peer.name} was not ready in {timeout:.0f} s: {peer.log()}")


if __name__ == "__main__":  # quick check: python bench/peers.py FILE.wav
    sys.path[:0] = [str(ROOT), str(ROOT / "src")]
    import tempfile

    from adapters.whisper.model_locator import locate_model

    with tempfile.TemporaryDirectory() as tmp:
        for start in (faster_whisper_server, wyoming_faster_whisper):
            peer = start(locate_model("tiny.en"), Path(tmp), 2, 5, "en")
            try:
                print(peer.name, peer.transcribe_path(Path(sys.argv[1])))
            finally:
                peer.stop()
