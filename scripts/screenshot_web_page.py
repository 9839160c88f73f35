"""Screenshots of the web page from a real run, for the README: the service under uvicorn
with tiny.en, Debian's chromium with the fake microphone speaking fixtures/speech.wav, a
recording uploaded and transcribed, a live utterance, the transcript shown.

    .venv/bin/python scripts/screenshot_web_page.py          # writes docs/web-page.png and docs/web-page-phone.png
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from tests.integration.service import start_service  # noqa: E402
from tests.integration.web.browser import chromium_path, launch_arguments, microphone_wav, why_no_browser  # noqa: E402
from tests.integration.web.pages import FIXTURES, SPOKEN, TRANSCRIBED_WITHIN_MS, drop_file, job_row, open_page  # noqa: E402

OUT = ROOT / "docs"
VIEWS = {"web-page.png": {"width": 1280, "height": 1000}, "web-page-phone.png": {"width": 390, "height": 844}}


def main() -> int:
    if reason := why_no_browser():
        print(f"cannot take the screenshots: {reason}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        service = start_service(Path(tmp) / "data")
        try:
            wav = microphone_wav(Path(tmp) / "speech-then-pause.wav")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium_path(), args=launch_arguments(wav))
                page = browser.new_page(viewport=VIEWS["web-page.png"], device_scale_factor=1)
                open_page(page, service.http)
                page.get_by_role("button", name="Live").click()
                expect(page.locator("#live-lines li.completed").filter(has_text=SPOKEN).first).to_be_visible(
                    timeout=TRANSCRIBED_WITHIN_MS
                )
                page.get_by_role("button", name="■ Stop live").click()
                expect(page.locator("#live-state")).to_have_text("stopped", timeout=TRANSCRIBED_WITHIN_MS)
                # "Keep" is on: the stream comes back as a job of the session.
                expect(page.locator("#jobs li.job").first).to_have_attribute(
                    "data-status", "COMPLETED", timeout=TRANSCRIBED_WITHIN_MS
                )
                drop_file(page, FIXTURES / "speech.mp3")
                expect(job_row(page, "speech.mp3")).to_have_attribute("data-status", "COMPLETED", timeout=TRANSCRIBED_WITHIN_MS)
                expect(page.locator("#transcript-meta")).to_contain_text("speech.mp3")
                page.locator("details summary").click()  # the word timings table
                page.locator("#transcript-text button.word", has_text="lazy").focus()
                for name, viewport in VIEWS.items():
                    page.set_viewport_size(viewport)
                    page.screenshot(path=str(OUT / name), full_page=True)
                    print(f"wrote {OUT / name}")
                browser.close()
        finally:
            service.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
