"""The web page's routes on the real service, without a browser: the page and its modules
are public, the API behind them is not, VOXRELAY_WEB_UI=false leaves them out, and a job's
audio comes back to its owner only, while the service holds it."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.integration.service import RunningService, start_service
from tests.support.polling import ENDED, job_reaching

pytestmark = pytest.mark.slow
FIXTURES = Path(__file__).parent / "fixtures"
OWNER, OTHER = "owner-key-1", "other-key-2"


@pytest.fixture(scope="module")
def service(tmp_path_factory) -> RunningService:
    running = start_service(tmp_path_factory.mktemp("web-routes") / "data", {"VOXRELAY_API_KEYS": f"{OWNER},{OTHER}"})
    yield running
    running.stop()


def as_key(key: str) -> dict[str, str]:
    return {"X-API-Key": key}


def finished(service: RunningService, job_id: str, timeout: float = 120) -> None:
    job_reaching(lambda: httpx.get(f"{service.http}/v1/jobs/{job_id}", headers=as_key(OWNER)).json(), ENDED, timeout)


def test_the_page_and_its_modules_are_served_without_a_key_and_the_api_still_asks_for_one(service):
    page = httpx.get(f"{service.http}/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<script type="module" src="/ui/js/main.js">' in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    for module in ("main.js", "api.js", "session.js", "live.js", "pcm-worklet.js", "transcript.js"):
        script = httpx.get(f"{service.http}/ui/js/{module}")
        assert script.status_code == 200, module
        assert "javascript" in script.headers["content-type"], module
    assert httpx.get(f"{service.http}/ui/style.css").headers["content-type"].startswith("text/css")
    for escape in ("/ui/%2e%2e/settings.py", "/ui/..%2fsettings.py", "/ui/js/%2e%2e/%2e%2e/settings.py"):
        assert httpx.get(f"{service.http}{escape}").status_code == 404, escape  # nothing beside the page
    assert httpx.get(f"{service.http}/v1/jobs").status_code == 401


def test_a_job_audio_is_its_upload_for_its_owner_and_gone_once_the_job_is_deleted(service):
    audio = (FIXTURES / "speech.mp3").read_bytes()
    job = httpx.post(
        f"{service.http}/v1/jobs", files={"file": ("speech.mp3", audio)}, headers=as_key(OWNER), timeout=60
    )
    assert job.status_code == 202, job.text
    job_id = job.json()["id"]
    back = httpx.get(f"{service.http}/v1/jobs/{job_id}/audio", headers=as_key(OWNER))
    assert back.status_code == 200 and back.content == audio
    assert back.headers["content-type"] == "audio/mpeg"
    other = httpx.get(f"{service.http}/v1/jobs/{job_id}/audio", headers=as_key(OTHER))
    assert other.status_code == 404 and other.json()["error"] == "job_not_found"
    assert httpx.get(f"{service.http}/v1/jobs/{job_id}/audio").status_code == 401
    finished(service, job_id)
    assert httpx.delete(f"{service.http}/v1/jobs/{job_id}", headers=as_key(OWNER)).status_code == 204
    assert httpx.get(f"{service.http}/v1/jobs/{job_id}/audio", headers=as_key(OWNER)).status_code == 404


def test_a_job_whose_audio_storage_no_longer_holds_says_so(service):
    job = httpx.post(
        f"{service.http}/v1/jobs",
        files={"file": ("speech.wav", (FIXTURES / "speech.wav").read_bytes())},
        headers=as_key(OWNER),
        timeout=60,
    ).json()
    finished(service, job["id"])
    for stored in service.stored_audio():
        stored.unlink()
    gone = httpx.get(f"{service.http}/v1/jobs/{job['id']}/audio", headers=as_key(OWNER))
    assert gone.status_code == 404
    assert gone.json() == {
        "status_code": 404,
        "error": "audio_not_held",
        "detail": f"the audio of job {job['id']} is no longer held",
    }


def test_without_the_web_page_nothing_is_served_at_the_root(tmp_path):
    running = start_service(tmp_path / "data", {"VOXRELAY_WEB_UI": "false"})
    try:
        assert httpx.get(f"{running.http}/").status_code == 404
        assert httpx.get(f"{running.http}/ui/js/main.js").status_code == 404
        assert httpx.get(f"{running.http}/healthz").status_code == 200
    finally:
        running.stop()
