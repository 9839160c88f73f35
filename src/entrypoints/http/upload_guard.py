"""UploadGuard: an ASGI middleware that times out stalled request bodies and, once past the
stall time, bodies arriving more slowly than a minimum rate on average (a trickle that
restarts the stall timer with every byte), refuses bodies still arriving once the service
is stopping, and closes the connection after an answer
given before the body was read whole.

It wraps `receive`, so every route that reads a body gets it, and the error surfaces in the
handler's own reading (read_upload_form deletes what was stored, the error table answers
408 or 503 in JSON). A body already received whole is never cut.

It wraps `send` too: an answer that leaves part of the body unread (a 429 before the upload,
a 413 in the middle of one) says `Connection: close`, so uvicorn closes the connection once
the answer is out instead of reading and discarding the rest of the body, and the client
stops sending it.
"""

from __future__ import annotations

import time

import anyio
from litestar.types import ASGIApp, Message, Receive, ReceiveMessage, Scope, Send

from application.errors import ServiceStopping, UploadStalled, UploadTooSlow
from entrypoints.shutdown_signal import ShutdownSignal

__all__ = ["ShutdownSignal", "upload_guard"]

POLL_SECONDS = 0.2


def upload_guard(stall_seconds: float, shutdown: ShutdownSignal, min_bytes_per_second: int = 0):
    def middleware(app: ASGIApp) -> ASGIApp:
        async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            body_done = False
            body_announced = _announces_body(scope)
            began = time.monotonic()
            received = 0

            async def guarded_receive() -> ReceiveMessage:
                nonlocal body_done, received
                if body_done:
                    return await receive()
                message = await _receive_within(receive, stall_seconds, shutdown)
                if message["type"] != "http.request" or not message.get("more_body", False):
                    body_done = True
                elif min_bytes_per_second:
                    received += len(message.get("body", b""))
                    elapsed = time.monotonic() - began
                    if elapsed > stall_seconds and received < min_bytes_per_second * elapsed:
                        raise UploadTooSlow(min_bytes_per_second)
                return message

            async def closing_send(message: Message) -> None:
                if message["type"] == "http.response.start" and body_announced and not body_done:
                    message = {**message, "headers": _closing(message.get("headers", ()))}
                await send(message)

            await app(scope, guarded_receive, closing_send)

        return guarded

    return middleware


def _announces_body(scope: Scope) -> bool:
    for name, value in scope.get("headers", ()):
        if name == b"transfer-encoding" or (name == b"content-length" and value.strip() not in (b"", b"0")):
            return True
    return False


def _closing(headers) -> list[tuple[bytes, bytes]]:
    kept = [(name, value) for name, value in headers if name.lower() != b"connection"]
    return [*kept, (b"connection", b"close")]


async def _receive_within(receive: Receive, stall_seconds: float, shutdown: ShutdownSignal) -> ReceiveMessage:
    deadline = time.monotonic() + stall_seconds
    while True:
        if shutdown.stopping:
            raise ServiceStopping("the service is stopping; send the upload again")
        left = deadline - time.monotonic()
        if left <= 0:
            raise UploadStalled(stall_seconds)
        with anyio.move_on_after(min(POLL_SECONDS, left)):
            return await receive()
