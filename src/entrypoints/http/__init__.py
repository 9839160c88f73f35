"""The Litestar HTTP/WebSocket entrypoint."""
