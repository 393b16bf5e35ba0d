"""Refuses state-changing requests that a browser sent from another site (CSRF).

The session cookie is SameSite=Lax already; this adds an explicit Origin check, as browsers send
`Origin` on every cross-origin and same-origin POST/PUT/PATCH/DELETE. Requests without it (curl,
server-to-server, the seed's WebSocket clients) carry no ambient browser credentials and pass.
"""

from starlette.types import ASGIApp, Receive, Scope, Send

from huddle.errors import error_response

_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class OriginCheckMiddleware:
    def __init__(self, app: ASGIApp, allowed_origins: list[str]) -> None:
        self.app = app
        self.allowed = {origin.rstrip("/") for origin in allowed_origins}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            await self._check_websocket(scope, receive, send)
            return
        if scope["type"] != "http" or scope["method"] in _SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        origin = headers.get("origin")
        if origin is not None and origin != "null" and not self._is_allowed(origin, headers, scope):
            await error_response(403, f"cross-origin request from {origin} refused")(scope, receive, send)
            return
        if origin == "null" or headers.get("sec-fetch-site") == "cross-site":
            await error_response(403, "cross-site request refused")(scope, receive, send)
            return
        await self.app(scope, receive, send)

    async def _check_websocket(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Browsers send cookies on cross-site WebSocket handshakes too (cross-site WebSocket hijacking).
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        origin = headers.get("origin")
        if origin is not None and not self._is_allowed(origin, headers, scope):
            await receive()  # websocket.connect
            await send({"type": "websocket.close", "code": 4403, "reason": "cross-origin WebSocket refused"})
            return
        await self.app(scope, receive, send)

    def _is_allowed(self, origin: str, headers: dict[str, str], scope: Scope) -> bool:
        if origin in self.allowed:
            return True
        host = headers.get("x-forwarded-host") or headers.get("host")
        scheme = headers.get("x-forwarded-proto") or scope.get("scheme", "http")
        scheme = {"ws": "http", "wss": "https"}.get(scheme, scheme)
        return host is not None and origin == f"{scheme}://{host}"
