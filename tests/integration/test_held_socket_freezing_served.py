"""The served process freezes its held sockets' objects once enough are open, and collects
what they left behind once enough of them have closed (entrypoints.held_socket_freezing)."""

from __future__ import annotations

import asyncio
import re
import time

import httpx
import pytest
from websockets.asyncio.client import connect

from entrypoints.held_socket_freezing import FREEZE_AFTER_SOCKETS
from tests.integration.service import start_service

pytestmark = pytest.mark.slow


def gauge(service, name: str) -> float:
    found = re.search(rf"^{name} (\S+)$", httpx.get(f"{service.http}/metrics").text, re.MULTILINE)
    assert found, f"{name} is not exposed"
    return float(found.group(1))


def wait_for(service, name: str, condition, seconds: float = 20.0) -> float:
    deadline = time.monotonic() + seconds
    while True:
        value = gauge(service, name)
        if condition(value) or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


def test_sockets_held_are_frozen_and_their_leftovers_collected_once_they_close(tmp_path):
    service = start_service(tmp_path / "data", env={"VOXRELAY_MAX_SOCKETS_PER_KEY": "0"})
    try:
        assert gauge(service, "voxrelay_frozen_sockets") == 0

        async def hold_then_close() -> None:
            sockets = await asyncio.gather(
                *(connect(f"{service.ws}/notification", ping_interval=None) for _ in range(FREEZE_AFTER_SOCKETS))
            )
            for ws in sockets:
                await ws.recv()  # the greeting: the session is open and held
            frozen = await asyncio.to_thread(
                wait_for, service, "voxrelay_frozen_sockets", lambda v: v >= FREEZE_AFTER_SOCKETS
            )
            assert frozen == FREEZE_AFTER_SOCKETS
            assert gauge(service, "voxrelay_frozen_socket_reclaims") == 0
            for ws in sockets:
                await ws.close()

        asyncio.run(hold_then_close())
        assert wait_for(service, "voxrelay_frozen_socket_reclaims", lambda v: v >= 1) == 1
        assert gauge(service, "voxrelay_frozen_sockets") == 0
        assert "frozen sockets had closed: collected" in service.log()
    finally:
        service.stop()
