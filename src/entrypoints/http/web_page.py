"""The web page at `/`: static files (plain ES modules, nothing to build) under `/ui/`.

The page itself holds no secret, so it is served without an API key; everything it does
goes through the API, which asks for one."""

from __future__ import annotations

from pathlib import Path

from litestar import Response, get
from litestar.static_files import create_static_files_router

WEB_DIR = Path(__file__).resolve().parents[1] / "web"
WEB_PATHS = ["^/$", "^/ui/"]  # public: the page and its scripts, never the API
# Everything from this origin only; the page's sockets go to the same host.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "media-src 'self' blob:; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


@get("/", include_in_schema=False, sync_to_thread=False)
def index_page() -> Response[bytes]:
    return Response((WEB_DIR / "index.html").read_bytes(), media_type="text/html; charset=utf-8", headers=PAGE_HEADERS)


def web_page_routes() -> list:
    assets = create_static_files_router(
        path="/ui", directories=[WEB_DIR], include_in_schema=False, name="web-page-assets"
    )
    return [index_page, assets]
