"""The line `voxrelay serve` says once it listens."""

from __future__ import annotations

import io
import logging

from litestar import Litestar, get

from entrypoints.ready_line import announce_ready, service_urls


@get("/healthz", sync_to_thread=False)
def healthz() -> dict:
    return {"status": "ok"}


@get("/", sync_to_thread=False)
def page() -> str:
    return "<html></html>"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_urls_name_the_docs_and_health_and_the_web_page_only_when_the_app_serves_one():
    without_page = service_urls(Litestar([healthz]), "127.0.0.1", 8000)
    with_page = service_urls(Litestar([healthz, page]), "127.0.0.1", 8000)

    assert without_page == {"API docs": "http://127.0.0.1:8000/schema", "health": "http://127.0.0.1:8000/healthz"}
    assert with_page == {"web page": "http://127.0.0.1:8000/", **without_page}


def test_an_address_bound_on_every_interface_is_opened_on_loopback():
    assert service_urls(Litestar([healthz]), "0.0.0.0", 9000)["health"] == "http://127.0.0.1:9000/healthz"
    assert service_urls(Litestar([healthz]), "::", 9000)["health"] == "http://[::1]:9000/healthz"
    assert service_urls(Litestar([healthz]), "fe80::1", 9000)["health"] == "http://[fe80::1]:9000/healthz"


def test_a_terminal_gets_one_short_line_and_a_log_a_record_with_the_urls(caplog):
    urls = {"API docs": "http://127.0.0.1:8000/schema", "health": "http://127.0.0.1:8000/healthz"}
    terminal = Terminal()
    announce_ready(urls, terminal)

    assert (
        terminal.getvalue()
        == "voxrelay is ready: API docs http://127.0.0.1:8000/schema  health http://127.0.0.1:8000/healthz\n"
    )
    with caplog.at_level(logging.INFO):
        announce_ready(urls, io.StringIO())
    [record] = caplog.records
    assert record.urls == {"api_docs": urls["API docs"], "health": urls["health"]}
