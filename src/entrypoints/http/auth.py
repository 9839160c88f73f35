"""Authentication of HTTP requests by API key (`Authorization: Bearer` or `X-API-Key`).

WebSockets authenticate in their handler instead (a `?token=` query or a first message),
since browsers cannot set headers on a WebSocket.
"""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult, DefineMiddleware
from litestar.types import ASGIApp, Scopes

from entrypoints.http.api_keys import ApiKeyRing

PUBLIC_PATHS = ["^/healthz$", "^/notify$", "^/schema"]


def presented_key(connection: ASGIConnection) -> str | None:
    authorization = connection.headers.get("authorization", "")
    scheme, _, credentials = authorization.partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return credentials.strip()
    return connection.headers.get("x-api-key")


class ApiKeyMiddleware(AbstractAuthenticationMiddleware):
    def __init__(self, app: ASGIApp, ring: ApiKeyRing, exclude: list[str], scopes: Scopes) -> None:
        super().__init__(app, exclude=exclude, scopes=scopes)
        self._ring = ring

    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:
        owner = self._ring.identify(presented_key(connection))
        if owner is None:
            raise NotAuthorizedException(
                "a valid API key is required: send 'Authorization: Bearer <key>' or 'X-API-Key'"
            )
        return AuthenticationResult(user=owner, auth=None)


def api_key_middleware(ring: ApiKeyRing, public_paths: list[str] | None = None) -> list[DefineMiddleware]:
    """`public_paths`: more path patterns served without a key (the web page's files)."""
    if not ring.enabled:
        return []
    from litestar.enums import ScopeType

    exclude = PUBLIC_PATHS + (public_paths or [])
    return [DefineMiddleware(ApiKeyMiddleware, ring=ring, exclude=exclude, scopes={ScopeType.HTTP})]


def request_owner(connection: ASGIConnection) -> str | None:
    """The authenticated key's id, or None when the service runs without keys."""
    return connection.scope.get("user")
