"""Delivers notifications to the WebSockets this process holds."""

from adapters.websocket.registry import SocketConnection, WebSocketNotifier

__all__ = ["SocketConnection", "WebSocketNotifier"]
