"""POST /notify: where SNS delivers S3 events and Transcribe state changes (AWS mode)."""

from __future__ import annotations

import logging

import anyio.to_thread
from litestar import Request, Response, post

from adapters.aws import SnsVerificationFailed
from adapters.aws.sns_message import MAX_BODY_BYTES, SnsBodyMalformed
from application.use_cases import HandleSnsDelivery, HandleSnsDeliveryCommand
from entrypoints.http.dependencies import Injected
from entrypoints.http.errors import ErrorAnswer, error_body

log = logging.getLogger(__name__)
MAX_SNS_BODY_BYTES = MAX_BODY_BYTES
MAX_REASON_CHARS = 300  # what an answer or a log line echoes of a refusal
NOTIFY_THREADS = 8


class NotifyThreads:
    """The threads /notify verifies in: a bound of its own, so deliveries that wait on a slow
    certificate host never take the tokens of anyio's shared pool the other routes run in.
    The limiter is made on first use, inside the event loop."""

    def __init__(self, tokens: int = NOTIFY_THREADS) -> None:
        self._tokens = tokens
        self._limiter: anyio.CapacityLimiter | None = None

    @property
    def limiter(self) -> anyio.CapacityLimiter:
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(self._tokens)
        return self._limiter


@post(
    "/notify",
    status_code=200,
    summary="SNS HTTP(S) subscription endpoint (AWS mode)",
    description=(
        "The raw SNS JSON (sent as text/plain). Every message is verified (signature, "
        "certificate host, topic) before anything is done: 400 if the body is not one bounded "
        "JSON object, 403 if it fails, 503 if the signing certificate cannot be fetched now "
        "(SNS retries), 200 once handled or already handled."
    ),
)
async def notify(
    request: Request, handle_sns_delivery: Injected[HandleSnsDelivery], notify_threads: Injected[NotifyThreads]
) -> Response[dict[str, object]]:
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_SNS_BODY_BYTES:
            return error_body(413, "payload_too_large", "larger than any SNS message")
    try:
        outcome = await anyio.to_thread.run_sync(
            handle_sns_delivery.execute, HandleSnsDeliveryCommand(bytes(body)), limiter=notify_threads.limiter
        )
    except SnsVerificationFailed as refused:
        answer = refusal(refused)
        return error_body(answer.status, answer.name, answer.detail)
    return Response({"status": outcome}, status_code=200)


def refusal(refused: SnsVerificationFailed) -> ErrorAnswer:
    """What /notify answers and logs for a delivery it refuses: the route and NotifyGuard both
    say it through here, so a refusal reads the same whichever of them made it."""
    reason = refused.reason[:MAX_REASON_CHARS]
    if isinstance(refused, SnsBodyMalformed):
        log.warning("refused a malformed body on /notify: %s", reason)
        return ErrorAnswer(400, "invalid_sns_body", f"not an SNS message: {reason}")
    log.warning("refused a message on /notify: %s", reason)
    return ErrorAnswer(403, "forbidden", f"not a verified SNS message: {reason}")
