"""Browser fixtures: one Chromium per test module, a fresh context and page per test. Every test
keeps the page's console log under its tmp_path; a failed one also keeps a screenshot."""

from __future__ import annotations

import pytest

from tests.integration.web.browser import chromium_path, launch_arguments, microphone_wav, why_no_browser

DESKTOP = {"width": 1280, "height": 900}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


# Per module, not per session: while Playwright's sync API is running it holds an event loop
# on this thread, and the asyncio tests that follow need the thread to have none.
@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    reason = why_no_browser()
    if reason:
        pytest.skip(f"browser tests skipped: {reason}")
    from playwright.sync_api import sync_playwright

    wav = microphone_wav(tmp_path_factory.mktemp("microphone") / "speech-then-pause.wav")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=launch_arguments(wav))
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request, tmp_path):
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    context.set_default_timeout(30_000)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    page.on("websocket", lambda ws: console.append(f"websocket: {ws.url}"))
    yield page
    (tmp_path / "console.log").write_text("\n".join(console) + "\n")
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        try:
            page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
        except Exception as error:  # a crashed page: the console log is still kept
            (tmp_path / "screenshot-error.txt").write_text(repr(error))
        print(f"browser evidence kept in {tmp_path}")
    context.close()
