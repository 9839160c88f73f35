"""Delivers notifications to the WebSockets this process holds."""

from adapters.websocket.keeping import NoKeeping, SessionKeeping
from adapters.websocket.registry import SocketConnection, WebSocketNotifier

__all__ = ["NoKeeping", "SessionKeeping", "SocketConnection", "WebSocketNotifier"]
