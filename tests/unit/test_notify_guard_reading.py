"""NotifyGuard as ASGI middleware, around a route that records what it receives: what the guard
does not refuse reaches the route exactly as it arrived (the body replayed, then the client's
leaving or the read's failure); a refusal is sent when RefusalPace says, and only then."""

from __future__ import annotations

import pytest

from adapters.aws.sns_message import SnsVerificationFailed
from application.errors import UploadStalled
from application.use_cases import ScreenSnsDelivery
from entrypoints.http.notify_guard import notify_guard
from entrypoints.http.refusal_pace import RefusalPace

SCOPE = {"type": "http", "method": "POST", "path": "/notify", "path_template": "/notify", "headers": []}


class Screen:
    def __init__(self, refuses: bool) -> None:
        self.refuses = refuses
        self.screened: list[bytes] = []

    def refuse_on_face(self, body: bytes) -> None:
        self.screened.append(body)
        if self.refuses:
            raise SnsVerificationFailed("MessageId 'm-1' is not a UUID")


class Route:
    """Receives the whole body (and what follows it) as a handler would; records it all."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        self.raised: Exception | None = None

    async def __call__(self, scope, receive, send) -> None:
        try:
            while True:
                message = await receive()
                self.received.append(message)
                if message["type"] != "http.request" or not message.get("more_body", False):
                    return
        except Exception as error:
            self.raised = error


class CountingPace(RefusalPace):
    def __init__(self, wait: float) -> None:
        super().__init__()
        self.wait, self.asked = wait, 0

    def wait_seconds(self) -> float:
        self.asked += 1
        return self.wait


def arriving(*messages, then: Exception | None = None):
    queue = list(messages)

    async def receive():
        if queue:
            return queue.pop(0)
        if then is not None:
            raise then
        raise AssertionError("received past the end of the request")

    return receive


def chunk(body: bytes, more: bool = False) -> dict:
    return {"type": "http.request", "body": body, "more_body": more}


async def run(receive, refuses: bool = True, scope=SCOPE, pace: RefusalPace | None = None):
    screen, route, sent = Screen(refuses), Route(), []

    async def send(message):
        sent.append(message)

    guarded = notify_guard(lambda: ScreenSnsDelivery(screen), pace or CountingPace(0.0))(route)
    await guarded(scope, receive, send)
    return screen, route, sent


async def test_a_body_in_chunks_is_screened_whole_and_its_refusal_is_sent_without_the_route():
    screen, route, sent = await run(arriving(chunk(b'{"a":', more=True), chunk(b" 1}")))

    assert screen.screened == [b'{"a": 1}'] and route.received == []
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"]
    assert sent[0]["status"] == 403 and b"is not a UUID" in sent[1]["body"]


async def test_a_body_that_passes_reaches_the_route_whole():
    _, route, sent = await run(arriving(chunk(b"{", more=True), chunk(b"}")), refuses=False)

    assert route.received == [chunk(b"{}")] and sent == []


async def test_a_read_that_fails_reaches_the_route_as_it_failed():
    stalled = UploadStalled(30)

    screen, route, _ = await run(arriving(chunk(b"{", more=True), then=stalled))

    assert screen.screened == []  # half a body is not screened
    assert route.received == [chunk(b"{", more=True)] and route.raised is stalled


async def test_a_client_that_leaves_mid_body_is_left_to_the_route():
    gone = {"type": "http.disconnect"}

    screen, route, _ = await run(arriving(chunk(b"{", more=True), gone))

    assert screen.screened == [] and route.received == [chunk(b"{", more=True), gone]


async def test_a_body_past_the_bound_goes_to_the_route_unscreened_with_the_rest_still_to_come():
    big = b"x" * (400 * 1024)

    screen, route, _ = await run(arriving(chunk(big, more=True), chunk(big, more=True), chunk(b"")))

    assert screen.screened == []
    assert route.received == [chunk(big + big, more=True), chunk(b"")]


@pytest.mark.parametrize(
    "length", [b"600000", b"9" * 5000, b"12a"], ids=["over-the-bound", "5000-digits", "not-a-number"]
)
async def test_an_announced_length_past_the_bound_or_not_a_number_is_left_to_the_route_unread(length):
    scope = {**SCOPE, "headers": [(b"content-length", length)]}

    screen, route, _ = await run(arriving(chunk(b"{}")), scope=scope)

    assert screen.screened == [] and route.received == [chunk(b"{}")]


@pytest.mark.parametrize(
    "scope",
    [{**SCOPE, "method": "OPTIONS"}, {**SCOPE, "path": "/v1/jobs", "path_template": "/v1/jobs"}],
    ids=["options-on-notify", "another-route"],
)
async def test_other_requests_pass_untouched(scope):
    screen, route, _ = await run(arriving(chunk(b"{}")), scope=scope)
    assert screen.screened == [] and route.received == [chunk(b"{}")]


async def test_every_refusal_asks_the_pace_and_a_passing_body_does_not():
    pace = CountingPace(0.001)

    await run(arriving(chunk(b"{}")), pace=pace)
    await run(arriving(chunk(b"{}")), pace=pace)
    await run(arriving(chunk(b"{}")), refuses=False, pace=pace)

    assert pace.asked == 2
