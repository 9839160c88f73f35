"""NotifyGuard: POST /notify's refusals on their face, answered before the route's machinery.

A flood of forged SNS messages (unsigned, each with a certificate URL of its own) is refused by
checks that take microseconds, but the route around them costs far more per message: the
request object, its dependencies, a thread hop, the response. Key B's requests wait behind all
of that on the one event loop. So the guard, innermost of the app's middleware (after routing,
the browser boundary, the key check and the upload guard, whose stall and rate bounds it reads
the body under), reads the bounded body, runs ScreenSnsDelivery on the loop (the verifier's own
face checks, the ones HandleSnsDelivery's verification starts with) and answers a refusal
itself through `notify.refusal`, which the route answers through too: same status, body and
log line. When it sends that answer is RefusalPace's to say.

Anything it does not refuse (a body that passes, one larger than any SNS message or announced
so, a read that fails or a client gone) goes on to the route with what was read replayed, and
the route decides it exactly as it would have without the guard."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import anyio
from litestar.serialization import encode_json
from litestar.types import ASGIApp, Receive, ReceiveMessage, Scope, Send

from adapters.aws import SnsVerificationFailed
from application.use_cases import HandleSnsDeliveryCommand, ScreenSnsDelivery
from entrypoints.http.errors import ErrorAnswer, service_shape
from entrypoints.http.notify import MAX_SNS_BODY_BYTES, refusal
from entrypoints.http.refusal_pace import RefusalPace

NOTIFY_PATH = "/notify"


@dataclass(frozen=True, slots=True)
class _Read:
    """What the guard took from `receive`: the body so far, and how reading it ended."""

    body: bytes
    ended: bool = False  # the last chunk came
    then: ReceiveMessage | None = None  # a message that was not body (the client left)
    error: Exception | None = None  # what receiving raised (a stalled or too slow body)

    @property
    def whole(self) -> bool:
        return self.ended and len(self.body) <= MAX_SNS_BODY_BYTES

    def replayed(self, receive: Receive) -> Receive:
        """A `receive` that gives the route all of this again, then carries on with `receive`."""
        first: list[ReceiveMessage] = [{"type": "http.request", "body": self.body, "more_body": not self.ended}]
        if self.then is not None:
            first.append(self.then)

        async def replay() -> ReceiveMessage:
            if first:
                return first.pop(0)
            if self.error is not None:
                raise self.error
            return await receive()

        return replay


def notify_guard(
    screen: Callable[[], ScreenSnsDelivery], pace: RefusalPace | None = None
) -> Callable[[ASGIApp], ASGIApp]:
    """Middleware for the app's list; `screen` gives the use case per request (a provider), so
    an override of the verifier reaches the guard as it reaches the route."""
    pace = pace or RefusalPace()

    def middleware(app: ASGIApp) -> ASGIApp:
        async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
            if not _posts_to_notify(scope) or _announces_more_than(scope, MAX_SNS_BODY_BYTES):
                await app(scope, receive, send)  # the route answers an oversized one (413), as before
                return
            read = await _read_bounded(receive)
            answer = _refusal_of(screen, read.body) if read.whole else None
            if answer is None:
                await app(scope, read.replayed(receive), send)
                return
            del read  # a refusal waiting its turn holds no body
            if (wait := pace.wait_seconds()) > 0:
                await anyio.sleep(wait)
            await _answer(send, answer)

        return guarded

    return middleware


def _refusal_of(screen: Callable[[], ScreenSnsDelivery], body: bytes) -> ErrorAnswer | None:
    try:
        screen().execute(HandleSnsDeliveryCommand(body))
    except SnsVerificationFailed as refused:
        return refusal(refused)
    return None


def _posts_to_notify(scope: Scope) -> bool:
    # path_template is routing's: "/notify/" and "//notify" reach the route as "/notify" does
    return scope["type"] == "http" and scope.get("method") == "POST" and scope.get("path_template") == NOTIFY_PATH


def _announces_more_than(scope: Scope, limit: int) -> bool:
    """A Content-Length above `limit`, or one that is no plain number: the route's to answer."""
    for name, value in scope["headers"]:
        if name == b"content-length":
            return not value.isdigit() or len(value) > len(str(limit)) or int(value) > limit
    return False


async def _read_bounded(receive: Receive) -> _Read:
    body = bytearray()
    try:
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return _Read(bytes(body), then=message)
            body += message.get("body", b"")
            if not message.get("more_body", False):
                return _Read(bytes(body), ended=True)
            if len(body) > MAX_SNS_BODY_BYTES:
                return _Read(bytes(body))
    except Exception as error:
        return _Read(bytes(body), error=error)


async def _answer(send: Send, answer: ErrorAnswer) -> None:
    """The answer as the route's Response sends it: the service's error shape as JSON."""
    body = encode_json(service_shape(answer))
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers += [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in answer.headers.items()]
    await send({"type": "http.response.start", "status": answer.status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})
