"""Entrypoints: the composition root and the ways in (HTTP/WebSocket, CLI, worker)."""
