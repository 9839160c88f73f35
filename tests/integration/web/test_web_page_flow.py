"""The web page in a real Chromium against the real service (uvicorn, tiny.en): the seed's
flow from recording to transcript, files, the job list, downloads and reconnects."""

from __future__ import annotations

import json
import re
import threading
import time

import httpx
import pytest
import srt

pytest.importorskip("playwright.sync_api", reason="browser tests skipped: the playwright package is not installed")
from playwright.sync_api import expect

from tests.integration.redis_processes import repeated_speech
from tests.integration.service import RunningService, start_service
from tests.integration.web.pages import (
    FIXTURES,
    LIVE_ON_A_SMALL_MACHINE,
    SPOKEN,
    TRANSCRIBED_WITHIN_MS,
    drop_file,
    job_row,
    open_page,
    wait_for_transcript,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def service(tmp_path_factory, browser) -> RunningService:  # browser first: no service when it skips
    # The audio is kept so that a reload can play it from the service (else it goes at the job's end).
    env = {**LIVE_ON_A_SMALL_MACHINE, "VOXRELAY_KEEP_AUDIO": "true"}
    running = start_service(tmp_path_factory.mktemp("web-page") / "data", env)
    yield running
    running.stop()


def test_speech_recorded_from_the_microphone_is_uploaded_and_its_words_appear(page, service):
    session_id = open_page(page, service.http)
    # By keyboard alone: Tab to the record button, Enter to start and to stop.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "record":
            break
    expect(page.get_by_role("button", name="● Record")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="■ Stop")).to_have_attribute("aria-pressed", "true")
    # The fake microphone plays speech.wav (9.8 s) from the start of the capture.
    expect(page.locator("#record-clock")).to_contain_text("0:10", timeout=20_000)
    page.keyboard.press("Enter")
    wait_for_transcript(page)
    row = page.locator("#jobs li.job").first
    expect(row).to_have_attribute("data-status", "COMPLETED")
    expect(row).to_contain_text(SPOKEN)
    jobs = httpx.get(f"{service.http}/v1/jobs", params={"session_id": session_id}).json()["jobs"]
    assert [j["media_format"] for j in jobs] == ["webm"]  # MediaRecorder's Opus, uploaded for this session


def test_a_dropped_file_shows_word_timings_and_a_clicked_word_seeks_the_player(page, service):
    open_page(page, service.http)
    drop_file(page, FIXTURES / "speech.mp3")
    wait_for_transcript(page)
    expect(job_row(page, "speech.mp3")).to_have_attribute("data-status", "COMPLETED")
    words = page.locator("#transcript-text button.word")
    assert words.count() >= 15
    rows = page.locator("#timings-body tr")
    assert rows.count() == words.count()
    for cell in rows.locator("td:nth-child(4)").all_text_contents():
        assert 0.0 <= float(cell) <= 1.0
    # Low-confidence words carry the mark, and only they do.
    for word in words.all():
        low = float(word.get_attribute("data-confidence")) < 0.5
        assert ("low" in word.get_attribute("class").split()) is low
    player = page.locator("#player")
    expect(player).to_be_visible()
    page.wait_for_function("() => document.getElementById('player').readyState >= 1")
    lazy = page.locator("#transcript-text button.word", has_text="lazy")
    start = float(lazy.get_attribute("data-start"))
    assert start > 1.0
    lazy.click()
    current = page.evaluate("() => document.getElementById('player').currentTime")
    assert abs(current - start) < 0.75


def test_subtitles_text_and_json_download_for_a_picked_file(page, service):
    open_page(page, service.http)
    page.set_input_files("#file-input", str(FIXTURES / "speech.wav"))
    wait_for_transcript(page)
    downloads = {}
    for label in ("srt", "vtt", "txt", "json"):
        with page.expect_download() as info:
            page.locator(".downloads").get_by_role("button", name=label, exact=True).click()
        path = info.value.path()
        downloads[label] = (info.value.suggested_filename, path.read_text())
    cues = list(srt.parse(downloads["srt"][1]))
    assert cues and SPOKEN.search(" ".join(c.content for c in cues))
    assert downloads["vtt"][1].startswith("WEBVTT") and "-->" in downloads["vtt"][1]
    assert SPOKEN.search(downloads["txt"][1])
    assert SPOKEN.search(json.loads(downloads["json"][1])["text"])
    assert {name for name, _ in downloads.values()} == {"speech.srt", "speech.vtt", "speech.txt", "speech.json"}


def test_after_a_reload_the_session_lists_its_jobs_and_plays_audio_the_service_still_holds(page, service):
    session_id = open_page(page, service.http)
    drop_file(page, FIXTURES / "speech.wav")
    wait_for_transcript(page)
    page.reload()
    assert open_page(page, service.http) == session_id  # the tab keeps its session
    # Listed by its output_file_name, the file's name without its extension.
    show = job_row(page, "speech").get_by_role("button", name="Show transcript")
    show.click()
    wait_for_transcript(page)
    # No local copy after a reload: the player's audio came from GET /v1/jobs/{id}/audio.
    page.wait_for_function("() => document.getElementById('player').duration > 9", timeout=20_000)


def test_a_result_that_finished_while_the_socket_was_down_appears_once_after_the_reconnect(page, service):
    urls: list[str] = []
    connections = []
    away = threading.Event()

    def route(ws):
        urls.append(ws.url)
        if away.is_set():
            ws.close(code=1011, reason="test: the network is down")
            return
        server = ws.connect_to_server()
        connections.append((ws, server))
        ws.on_message(lambda message: server.send(message))

        def to_page(message):
            ws.send(message)
            if '"job.completed"' in str(message):
                ws.send(message)  # at-least-once delivery: the page must show it once

        server.on_message(to_page)

    page.route_web_socket("**/notification*", route)
    session_id = open_page(page, service.http)
    away.set()
    page_side, server_side = connections[-1]
    server_side.close()
    page_side.close(code=1011, reason="test: the network dropped")
    expect(page.locator("#connection-state")).to_contain_text("reconnecting")
    with (FIXTURES / "speech.wav").open("rb") as audio:
        submitted = httpx.post(
            f"{service.http}/upload-audio",
            files={"file": ("while-away.wav", audio)},
            data={"session_id": session_id, "output_file_name": "while-away"},
            timeout=60,
        )
    assert submitted.status_code == 202, submitted.text
    service.wait_for_job(submitted.json()["id"], frozenset({"COMPLETED"}))
    away.clear()
    expect(page.locator("#connection-state")).to_have_text("connected", timeout=30_000)
    row = job_row(page, "while-away")
    expect(row).to_contain_text("finished while you were away", timeout=TRANSCRIBED_WITHIN_MS)
    expect(row).to_contain_text(SPOKEN)
    expect(page.locator("#message")).to_contain_text("finished while you were away")
    time.sleep(0.5)  # let the duplicate arrive
    assert page.locator("#jobs li.job").count() == 1
    assert urls[-1].endswith(f"?session_id={session_id}")


def test_a_running_job_shows_its_progress_and_is_cancelled_then_deleted_from_the_list(page, service, tmp_path):
    open_page(page, service.http)
    # 12 min, one copy a span: decoded 8 spans at a time, progress comes after each batch of 8
    drop_file(page, repeated_speech(tmp_path / "long.wav", 24, gap_seconds=20))
    row = job_row(page, "long.wav")
    bar = row.get_by_role("progressbar")
    # job.progress arrives on the socket: the bar shows the job part done, neither 0 nor 100.
    page.wait_for_function(
        """() => { const bar = document.querySelector('#jobs li.job progress');
                   return bar !== null && bar.value > 0 && bar.value < 100; }""",
        timeout=TRANSCRIBED_WITHIN_MS,
    )
    expect(row).to_have_attribute("data-status", "IN_PROGRESS")
    expect(bar).to_be_visible()
    row.get_by_role("button", name="Cancel").click()
    expect(row).to_have_attribute("data-status", "CANCELLED")
    job_id = row.get_attribute("data-job-id")
    assert httpx.get(f"{service.http}/v1/jobs/{job_id}").json()["status"] == "CANCELLED"
    row.get_by_role("button", name="Delete").click()
    expect(row).to_have_count(0)
    assert httpx.get(f"{service.http}/v1/jobs/{job_id}").status_code == 404


def test_live_mode_streams_the_microphone_shows_deltas_and_each_utterance_and_keeps_the_stream_as_a_job(page, service):
    open_page(page, service.http)
    deltas: list[str] = []
    page.on(
        "websocket",
        lambda ws: ws.on("framereceived", lambda frame: deltas.append(frame)) if "/v1/realtime" in ws.url else None,
    )
    page.get_by_role("button", name="Live").click()
    expect(page.locator("#live-state")).to_contain_text(re.compile("listening|hearing|transcribing"))
    completed = page.locator("#live-lines li.completed")
    expect(completed.filter(has_text=SPOKEN).first).to_be_visible(timeout=TRANSCRIBED_WITHIN_MS)
    page.get_by_role("button", name="■ Stop live").click()
    expect(page.locator("#live-state")).to_have_text("stopped", timeout=TRANSCRIBED_WITHIN_MS)
    assert any('"conversation.item.input_audio_transcription.delta"' in str(f) for f in deltas)
    # "Keep" was on: the stream became a job of the session, pushed as job.completed, and its
    # audio (the stream as the service stored it) plays.
    kept = job_row(page, "live stream")
    expect(kept).to_have_attribute("data-status", "COMPLETED", timeout=TRANSCRIBED_WITHIN_MS)  # after its last decode
    expect(kept).to_contain_text(SPOKEN)
    page.wait_for_function("() => document.getElementById('player').duration > 5", timeout=20_000)


def test_the_page_fits_a_phone_screen_and_every_control_has_a_name(page, service):
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, service.http)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page is {overflow} px wider than a phone's screen"
    record = page.get_by_role("button", name="● Record").bounding_box()
    assert record["x"] >= 0 and record["x"] + record["width"] <= 390 and record["height"] >= 40  # a finger's target
    unnamed = page.evaluate(
        """() => [...document.querySelectorAll('button, input, select')].filter((control) => {
            const labelled = control.labels && control.labels.length > 0;
            const named = control.getAttribute('aria-label') || control.textContent.trim();
            return !(labelled || named);
        }).map((control) => control.outerHTML)"""
    )
    assert unnamed == []
