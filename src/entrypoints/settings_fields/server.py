"""Where the service listens, where it keeps its files, and which adapters it runs on."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from entrypoints.settings_fields.option import opt


@dataclass(frozen=True)
class ServerSettings:
    host: str = opt("127.0.0.1", "address the HTTP server binds")
    port: int = opt(8000, "port the HTTP server listens on")
    data_dir: Path = opt(Path("data"), "where local audio and models are kept")
    storage: str = opt("local", "where uploaded audio is kept", ("local", "memory", "s3"))
    state: str = opt("memory", "where sessions, jobs, the queue and push live", ("memory", "redis"))
    transcriber: str = opt("whisper", "speech-to-text engine", ("whisper", "aws"))
