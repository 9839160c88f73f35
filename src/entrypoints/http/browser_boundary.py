"""BrowserBoundary: which Host names and browser Origins the service answers.

Without API keys the service trusts whoever can reach it, which on loopback means this
machine. A web page elsewhere can still reach loopback through the visitor's browser: with
DNS rebinding (its own name made to resolve to 127.0.0.1, so the page is "same-origin" with
the service and reads every answer), or by opening a WebSocket or POSTing a form, which
browsers send across origins. So, in keyless mode by default:

- Host must be a loopback name (`localhost`, `127.0.0.1`, `[::1]`, any port): a rebound
  name is refused with 400 before routing. (Not when `VOXRELAY_ALLOW_OPEN_ACCESS` serves
  behind a proxy whose host name is not known here: list it in `VOXRELAY_ALLOWED_HOSTS`.)
- A request that carries an Origin (browsers send one on every WebSocket and every
  cross-origin POST) must come from the service's own origin or one listed in
  `VOXRELAY_ALLOWED_ORIGINS`, else 403 (a WebSocket is refused before it is accepted).
  Clients that are not browsers send no Origin and are not concerned.

With API keys a foreign page cannot act without a key, so any Host and Origin are answered
unless the operator lists them. The listed origins are also the ones CORS lets read answers.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from litestar.config.cors import CORSConfig
from litestar.types import ASGIApp, Receive, Scope, Send

LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FORBIDDEN_ORIGIN = 4403


def _names(raw: str) -> list[str]:
    return [name.strip().lower() for name in raw.split(",") if name.strip()]


def host_name(host_header: str) -> str:
    """`example.com:8000` -> `example.com`, `[::1]:8000` -> `::1`."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


@dataclass(frozen=True)
class BrowserBoundary:
    hosts: frozenset[str] | None  # None: any Host
    origins: frozenset[str] | None  # None: any Origin; else these and the service's own
    cors_origins: tuple[str, ...] = ()  # what the operator listed (`*` included), for CORS

    @classmethod
    def from_settings(
        cls, allowed_hosts: str, allowed_origins: str, keyless: bool, open_access: bool = False
    ) -> BrowserBoundary:
        """Empty settings choose by mode: without keys, loopback names (unless open access is
        allowed: a proxy in front names the host) and the service's own origin only; with
        keys, anything. `*` allows any; otherwise the comma-separated list."""
        hosts = _names(allowed_hosts)
        origins = [origin.rstrip("/") for origin in _names(allowed_origins)]
        if "*" in hosts or not (hosts or (keyless and not open_access)):
            host_set = None
        else:
            host_set = frozenset(hosts) if hosts else LOOPBACK_HOSTS
        origin_set = None if "*" in origins or not (origins or keyless) else frozenset(origins)
        return cls(host_set, origin_set, tuple(origins))

    def allows_host(self, host_header: str | None) -> bool:
        return self.hosts is None or host_header is None or host_name(host_header) in self.hosts

    def allows_origin(self, origin: str | None, host_header: str | None) -> bool:
        if origin is None or self.origins is None:
            return True
        origin = origin.strip().lower()
        if origin in self.origins:
            return True
        parts = urlsplit(origin)  # the service's own origin: a page it served itself
        own = host_header is not None and parts.netloc == host_header.strip().lower()
        return parts.scheme in ("http", "https") and own

    def cors(self) -> CORSConfig | None:
        """CORS for the listed origins only: unlisted, no page elsewhere reads an answer."""
        if not self.cors_origins:
            return None
        return CORSConfig(
            allow_origins=list(self.cors_origins),
            allow_headers=["authorization", "x-api-key", "content-type"],
            allow_credentials=False,
        )


def _headers(scope: Scope, name: bytes) -> list[str]:
    return [value.decode("latin-1") for key, value in scope.get("headers", ()) if key == name]


async def _refuse_http(send: Send, status: int, error: str, detail: str) -> None:
    body = json.dumps({"status_code": status, "error": error, "detail": detail}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),  # the body, if any, is not read: the client stops sending it
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})  # False is ASGI's default


def browser_boundary_guard(boundary: BrowserBoundary) -> Callable[[ASGIApp], ASGIApp]:
    """ASGI middleware enforcing `boundary` on HTTP requests and WebSocket handshakes."""

    def middleware(app: ASGIApp) -> ASGIApp:
        async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
            kind = scope["type"]
            if kind not in ("http", "websocket"):
                await app(scope, receive, send)
                return
            hosts, origins = _headers(scope, b"host"), _headers(scope, b"origin")
            host = hosts[0] if hosts else None
            checks_origin = kind == "websocket" or scope.get("method") not in SAFE_METHODS
            origins_checked: list[str | None] = [*origins] or [None]  # no Origin at all is checked as None
            if not all(boundary.allows_host(name) for name in hosts):  # a second Host too
                refusal = (400, "invalid_host", "this host name is not served (VOXRELAY_ALLOWED_HOSTS)")
            elif checks_origin and not all(boundary.allows_origin(o, host) for o in origins_checked):
                refusal = (403, "forbidden_origin", "this origin is not allowed (VOXRELAY_ALLOWED_ORIGINS)")
            else:
                await app(scope, receive, send)
                return
            if kind == "websocket":  # closed before it is accepted: the handshake gets a 403
                await receive()
                await send({"type": "websocket.close", "code": FORBIDDEN_ORIGIN, "reason": refusal[1]})
                return
            await _refuse_http(send, *refusal)

        return guarded

    return middleware
