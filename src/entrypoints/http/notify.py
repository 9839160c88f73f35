"""POST /notify: where SNS delivers S3 events and Transcribe state changes (AWS mode)."""

from __future__ import annotations

import logging

import anyio.to_thread
from litestar import Request, Response, post

from adapters.aws import SnsVerificationFailed
from entrypoints.http.dependencies import Injected
from entrypoints.http.errors import error_body
from entrypoints.sns_inbox import SnsInbox

log = logging.getLogger(__name__)
MAX_SNS_BODY_BYTES = 512 * 1024  # SNS messages are at most 256 KiB, plus their envelope


@post(
    "/notify",
    status_code=200,
    summary="SNS HTTP(S) subscription endpoint (AWS mode)",
    description=(
        "The raw SNS JSON (sent as text/plain). Every message is verified (signature, "
        "certificate host, topic) before anything is done: 403 if it fails, 503 if the signing "
        "certificate cannot be fetched now (SNS retries), 200 once handled or already handled."
    ),
)
async def notify(request: Request, sns_inbox: Injected[SnsInbox]) -> Response[dict[str, object]]:
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_SNS_BODY_BYTES:
            return error_body(413, "payload_too_large", "larger than any SNS message")
    try:
        outcome = await anyio.to_thread.run_sync(sns_inbox.receive, bytes(body))
    except SnsVerificationFailed as refused:
        log.warning("refused a message on /notify: %s", refused.reason)
        return error_body(403, "forbidden", f"not a verified SNS message: {refused.reason}")
    return Response({"status": outcome}, status_code=200)
