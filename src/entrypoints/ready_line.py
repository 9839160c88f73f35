"""What `voxrelay serve` says once it listens: where to go next.

On a terminal, one short line with the URLs of the web page (when the app serves one at
`/`), the API docs and the health check; otherwise the same URLs as fields of one log
record, so JSON logs stay JSON.
"""

from __future__ import annotations

import ipaddress
import logging
import sys
from typing import TextIO

from litestar import Litestar

log = logging.getLogger(__name__)
HEALTH_PATH = "/healthz"


def _reachable_host(host: str) -> str:
    """The address a browser on this machine opens for a server bound to `host`."""
    if host in ("", "0.0.0.0"):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    try:
        return f"[{host}]" if ipaddress.ip_address(host).version == 6 else host
    except ValueError:
        return host  # a name, such as localhost


def service_urls(app: Litestar, host: str, port: int) -> dict[str, str]:
    """Name -> URL, the web page first when a route serves `/`."""
    base = f"http://{_reachable_host(host)}:{port}"
    paths = {route.path for route in app.routes}
    urls = {"web page": f"{base}/"} if "/" in paths else {}
    docs = (app.openapi_config.path if app.openapi_config else None) or "/schema"  # Litestar's default
    if docs in paths:
        urls["API docs"] = f"{base}{docs}"
    urls["health"] = f"{base}{HEALTH_PATH}"
    return urls


def announce_ready(urls: dict[str, str], stream: TextIO | None = None) -> None:
    stream = stream or sys.stderr
    if stream.isatty():
        print("voxrelay is ready: " + "  ".join(f"{name} {url}" for name, url in urls.items()), file=stream, flush=True)
    else:
        fields = {name.lower().replace(" ", "_"): url for name, url in urls.items()}
        log.info("listening: %s", ", ".join(urls.values()), extra={"urls": fields})
