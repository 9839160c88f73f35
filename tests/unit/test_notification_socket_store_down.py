"""A reconnect whose session cannot be read (the store is down) ends with the socket no longer
held: no keepalive for it, no pushes queued to it."""

from __future__ import annotations

import pytest
from dependency_injector import providers
from litestar.exceptions import WebSocketDisconnect
from litestar.testing import TestClient

from adapters.memory import MemorySessionStore
from application.errors import DependencyUnavailable
from entrypoints.container import build_container
from entrypoints.http.app import create_app
from entrypoints.settings import Settings


class StoreThatGoesDown(MemorySessionStore):
    def __init__(self) -> None:
        super().__init__(session_ttl_seconds=60)
        self.down = False

    def touch(self, session_id) -> None:  # what a reconnect asks after the owner check
        if self.down:
            raise DependencyUnavailable("session store", "connection refused")
        super().touch(session_id)


def test_a_reconnect_that_fails_on_the_store_leaves_no_socket_held():
    container = build_container(Settings(storage="memory").validate())
    store = StoreThatGoesDown()
    container.session_store.override(providers.Object(store))
    with TestClient(create_app(container, warm_up=False), base_url="http://127.0.0.1") as client:
        with client.websocket_connect("/notification") as ws:
            token = ws.receive_json()["session_id"]
        store.down = True
        with client.websocket_connect(f"/notification?session_id={token}") as ws, pytest.raises(WebSocketDisconnect):
            ws.receive_json()
        assert container.notifier().connection_count == 0
        assert container.notifier().session_ids() == []
