"""A running service on a private data folder with one WebSocket session open, for the benches
that upload clips to it and wait for their pushes."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from websockets.sync.client import connect

from tests.integration.service import RunningService, start_service


@dataclass
class UploadSession:
    service: RunningService
    http: httpx.Client
    ws: Any
    session_id: str

    def upload(self, path: Path) -> str:
        """The job id of `path` uploaded for this session."""
        with path.open("rb") as audio:
            response = self.http.post(
                "/upload-audio", files={"file": (path.name, audio)}, data={"session_id": self.session_id}
            )
        response.raise_for_status()
        return response.json()["id"]

    def next_result(self) -> dict:
        """The next job.completed or job.failed pushed to the session (progress skipped)."""
        while True:
            message = json.loads(self.ws.recv(timeout=600))
            if message["type"] in ("job.completed", "job.failed"):
                return message


@contextmanager
def uploading_session(env: dict[str, str]) -> Iterator[UploadSession]:
    """`voxrelay serve` with `env` (quiet logs unless it says otherwise), stopped on exit."""
    with tempfile.TemporaryDirectory() as tmp:
        service = start_service(Path(tmp) / "data", env={"VOXRELAY_LOG_LEVEL": "warning", **env})
        try:
            with (
                connect(f"{service.ws}/notification", max_size=2**24) as ws,
                httpx.Client(base_url=service.http, timeout=300) as http,
            ):
                yield UploadSession(service, http, ws, json.loads(ws.recv(timeout=10))["session_id"])
        finally:
            service.stop()
