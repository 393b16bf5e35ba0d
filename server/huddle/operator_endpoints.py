"""/metrics and the API documentation (/docs, /redoc, /openapi.json) are for operators: in
production they are off unless HUDDLE_OPERATOR_ENDPOINTS says "public" or "token" (then they need
`Authorization: Bearer <HUDDLE_OPERATOR_TOKEN>`, e.g. Prometheus' `authorization` setting)."""

import hmac
from typing import Literal

from starlette.types import ASGIApp, Receive, Scope, Send

from huddle.errors import error_response

OPERATOR_PATHS = ("/metrics", "/docs", "/redoc", "/openapi.json")


def is_operator_path(path: str) -> bool:
    return any(path == prefix or path.startswith(f"{prefix}/") for prefix in OPERATOR_PATHS)


class OperatorEndpointsMiddleware:
    def __init__(self, app: ASGIApp, mode: Literal["public", "token", "off"], token: str | None) -> None:
        self.app = app
        self.mode = mode
        self.expected = f"Bearer {token}".encode() if token else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.mode == "public" or not is_operator_path(scope["path"]):
            await self.app(scope, receive, send)
            return
        if self.mode == "off":
            await error_response(404, "Not Found")(scope, receive, send)
            return
        presented = dict(scope["headers"]).get(b"authorization", b"")
        if self.expected is None or not hmac.compare_digest(presented, self.expected):
            refusal = error_response(
                401, "this endpoint needs the operator token", headers={"WWW-Authenticate": 'Bearer realm="huddle"'}
            )
            await refusal(scope, receive, send)
            return
        await self.app(scope, receive, send)
