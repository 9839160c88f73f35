"""Who may call the service, from which hosts and origins, and how it logs."""

from __future__ import annotations

from dataclasses import dataclass

from entrypoints.settings_fields.option import opt


@dataclass(frozen=True)
class AccessSettings:
    api_keys: str = opt(
        "", "API keys, comma-separated, each the key or sha256:<hex of it>; empty: no keys, loopback only"
    )
    allow_open_access: bool = opt(False, "serve a non-loopback address without API keys (only behind your own auth)")
    allowed_hosts: str = opt(
        "",
        "comma-separated Host names answered (any port), * for any; empty: localhost, 127.0.0.1 and ::1 without API keys, any with them",
    )
    allowed_origins: str = opt(
        "",
        "comma-separated browser origins (https://app.example) allowed to open WebSockets and send POSTs, and let read answers by CORS; * for any; empty: the service's own origin only without API keys, any with them (no CORS)",
    )
    web_ui: bool = opt(True, "serve the web page at / (record, upload, live mode, transcripts); false leaves it out")
    log_level: str = opt("info", "debug, info, warning or error")
    log_format: str = opt(
        "auto", "log lines as json, text, or auto (text on a terminal, else json)", ("auto", "json", "text")
    )
