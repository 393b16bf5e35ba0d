"""Headers every response carries, and the request body limit.

The web app is a static export with Next.js's inline bootstrap scripts, hence 'unsafe-inline'
for scripts; everything else is same-origin only. /docs and /redoc load Swagger UI and ReDoc
from a CDN, so they get no CSP of ours.
"""

from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from huddle.auth.cookies import served_over_https
from huddle.errors import error_response

CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; form-action 'self'; object-src 'none'"
)
_DOCS = ("/docs", "/redoc")
# Sent only on responses that came over https (browsers ignore it on http anyway): a browser that
# saw it once never tries plain http again for a year, so a network attacker cannot downgrade it.
HSTS = "max-age=31536000"


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body_bytes:
            await error_response(413, f"the request body may be at most {self.max_body_bytes} bytes")(
                scope, receive, send
            )
            return
        received = 0
        too_large = False

        async def limited_receive() -> Message:
            nonlocal received, too_large
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    # End the body here; whatever the app answers is replaced by a 413 below.
                    too_large = True
                    return {"type": "http.request", "body": b"", "more_body": False}
            return message

        refusal_sent = False

        async def send_with_headers(message: Message) -> None:
            nonlocal refusal_sent
            if too_large:
                if not refusal_sent:
                    refusal_sent = True
                    limit = f"the request body may be at most {self.max_body_bytes} bytes"
                    await error_response(413, limit)(scope, receive, send)
                return
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
                if not scope["path"].startswith(_DOCS):
                    headers.setdefault("Content-Security-Policy", CSP)
                if served_over_https(HTTPConnection(scope)):
                    headers.setdefault("Strict-Transport-Security", HSTS)
            await send(message)

        await self.app(scope, limited_receive, send_with_headers)
