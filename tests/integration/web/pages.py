"""What the browser tests do on the page: open it, drop a file, wait for words."""

from __future__ import annotations

import base64
import re
from pathlib import Path

from playwright.sync_api import Page, expect

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
# What Whisper tiny.en hears in fixtures/speech.wav ("The quick brown fox jumps over the lazy dog. ...")
SPOKEN = re.compile(r"brown\s+fox", re.IGNORECASE)
TRANSCRIBED_WITHIN_MS = 120_000  # a loaded CI machine with two cores
# Live drafts decoded every second rather than every half second: a real-time stream keeps
# up on two shared cores (the completed transcripts are the same).
LIVE_ON_A_SMALL_MACHINE = {"VOXRELAY_LIVE_DECODE_INTERVAL_SECONDS": "1.0"}
MIME = {".wav": "audio/wav", ".mp3": "audio/mpeg", ".ogg": "audio/ogg", ".webm": "audio/webm"}


def open_page(page: Page, base_url: str) -> str:
    """Load the page and wait for its session; returns the session id it shows."""
    page.goto(f"{base_url}/")
    expect(page.locator("#connection-state")).to_have_text("connected")
    session = page.locator("#session-id")
    expect(session).not_to_be_empty()
    return session.inner_text()


def drop_file(page: Page, path: Path, target: str = "#dropzone") -> None:
    """Drop `path` on the page as a person dragging it from a file manager would: a drop
    event whose DataTransfer holds the file."""
    transfer = page.evaluate_handle(
        """([name, type, data]) => {
            const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], name, { type }));
            return transfer;
        }""",
        [path.name, MIME.get(path.suffix, "application/octet-stream"), base64.b64encode(path.read_bytes()).decode()],
    )
    page.dispatch_event(target, "dragover", {"dataTransfer": transfer})
    page.dispatch_event(target, "drop", {"dataTransfer": transfer})


def job_row(page: Page, name: str):
    return page.locator("#jobs li.job", has_text=name)


def wait_for_transcript(page: Page, pattern: re.Pattern = SPOKEN) -> None:
    expect(page.locator("#transcript-text")).to_contain_text(pattern, timeout=TRANSCRIBED_WITHIN_MS)
