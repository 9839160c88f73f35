"""The notification socket as the integration tests speak to it."""

from __future__ import annotations

import json
import time
from typing import Any

PONG = {"type": "pong"}


def next_message(ws: Any, timeout: float = 60) -> dict[str, Any]:
    """The next message on a session's socket that is not a job.progress report: tests about
    results wait for results; progress has its own test."""
    deadline = time.monotonic() + timeout
    while True:
        message = json.loads(ws.recv(timeout=max(0.01, deadline - time.monotonic())))
        if message.get("type") != "job.progress":
            return message


def nothing_more_than_pong(ws: Any, timeout: float = 10) -> list[dict[str, Any]]:
    """What arrives before the answer to a ping: anything else is a duplicate or a stray."""
    ws.send(json.dumps({"type": "ping"}))
    extra = []
    while (message := next_message(ws, timeout)) != PONG:
        extra.append(message)
    return extra
