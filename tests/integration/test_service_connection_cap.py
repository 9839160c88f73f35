"""One API process serves at most VOXRELAY_MAX_CONNECTIONS connections at once: idle sockets
opened by the thousand cannot exhaust its descriptors and memory; beyond the cap, 503."""

from __future__ import annotations

import socket

import httpx
import pytest

from tests.integration.service import start_service

pytestmark = pytest.mark.slow


def test_connections_past_the_cap_are_answered_503_until_some_close(tmp_path):
    service = start_service(tmp_path / "data", env={"VOXRELAY_MAX_CONNECTIONS": "8"})
    try:
        idle = [socket.create_connection(("127.0.0.1", service.port), timeout=10) for _ in range(8)]
        try:
            crowded = httpx.get(f"{service.http}/healthz", timeout=10)
        finally:
            for raw in idle:
                raw.close()
        calm = httpx.get(f"{service.http}/healthz", timeout=10)
    finally:
        service.stop()
    assert crowded.status_code == 503
    assert calm.status_code == 200
