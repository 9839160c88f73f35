"""The web page against a service with API keys and a rate of one submission a minute:
the key field, the 401, another error body, and the 429 with its wait."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("playwright.sync_api", reason="browser tests skipped: the playwright package is not installed")
from playwright.sync_api import expect

from tests.integration.service import RunningService, start_service
from tests.integration.web.pages import (
    FIXTURES,
    LIVE_ON_A_SMALL_MACHINE,
    SPOKEN,
    TRANSCRIBED_WITHIN_MS,
    drop_file,
    wait_for_transcript,
)

pytestmark = pytest.mark.slow
PAGE_KEY, RATE_KEY = "page-key-1234", "rate-key-5678"


@pytest.fixture(scope="module")
def service(tmp_path_factory, browser) -> RunningService:
    env = {
        "VOXRELAY_API_KEYS": f"{PAGE_KEY},{RATE_KEY}",
        "VOXRELAY_RATE_LIMIT_PER_MINUTE": "1",
        **LIVE_ON_A_SMALL_MACHINE,
    }
    running = start_service(tmp_path_factory.mktemp("web-keys") / "data", env)
    yield running
    running.stop()


def enter_key(page, key: str) -> None:
    page.get_by_label("Key", exact=True).fill(key)
    page.get_by_role("button", name="Use key").click()


def test_the_page_asks_for_a_key_refuses_a_wrong_one_and_uploads_and_goes_live_with_the_right_one(page, service):
    sockets: list[str] = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    page.goto(f"{service.http}/")
    message = page.locator("#message")
    expect(message).to_contain_text("needs an API key (401)")
    expect(page.get_by_label("Key", exact=True)).to_be_focused()
    enter_key(page, "not-a-key")
    expect(message).to_contain_text("API key was refused (401)")
    enter_key(page, PAGE_KEY)
    expect(page.locator("#connection-state")).to_have_text("connected")
    expect(message).to_be_hidden()
    drop_file(page, FIXTURES / "speech.wav")
    wait_for_transcript(page)
    # The transcript and the player's audio are fetched with the key in a header; downloads too.
    with page.expect_download() as download:
        page.locator(".downloads").get_by_role("button", name="srt", exact=True).click()
    assert "-->" in download.value.path().read_text()
    # Live mode with the key: sent as the subprotocol browsers use, so in no socket's URL.
    page.get_by_label("Keep each live stream as a job of this session").uncheck()
    page.get_by_role("button", name="Live").click()
    expect(page.locator("#live-lines li.completed").filter(has_text=SPOKEN).first).to_be_visible(
        timeout=TRANSCRIBED_WITHIN_MS
    )
    page.get_by_role("button", name="■ Stop live").click()
    # It closes once every utterance it committed is transcribed: a while on a loaded machine.
    expect(page.locator("#live-state")).to_have_text("stopped", timeout=TRANSCRIBED_WITHIN_MS)
    assert page.evaluate("() => sessionStorage.getItem('voxrelay.apiKey')") == PAGE_KEY
    assert any("/v1/realtime" in url for url in sockets) and any("/notification" in url for url in sockets)
    assert not any(PAGE_KEY in url for url in sockets)  # /notification: the first message


def test_an_error_body_and_a_submission_over_the_rate_are_shown_with_the_wait(page, service):
    page.goto(f"{service.http}/")
    enter_key(page, RATE_KEY)
    expect(page.locator("#connection-state")).to_have_text("connected")
    message = page.locator("#message")
    drop_file(page, FIXTURES / "too_short.wav")
    # The first submission counts, refused or not: the service's own body is shown.
    expect(message).to_contain_text(re.compile(r"422 audio_too_short: audio lasts 0\.0\d+ s"))
    # A window of the fixed-minute rate may end between two drops; the third is then refused.
    for _ in range(2):
        drop_file(page, FIXTURES / "too_short.wav")
        expect(message).to_contain_text(re.compile(r"\d{3} "))
        if "429" in message.inner_text():
            break
    expect(message).to_contain_text(re.compile(r"Too many requests \(429 rate_limited\): .+ Try again in \d+ s\."))
    expect(message).to_have_attribute("data-kind", "wait")
