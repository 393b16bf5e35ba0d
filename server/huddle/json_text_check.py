"""Every JSON request body is checked against the rule of user_text before a route sees it.

A middleware rather than a validator per field: a field, route or schema added later is covered
without anyone remembering to. It parses the bodies FastAPI would parse as JSON (no content type,
application/json, application/*+json) and hands the same bytes on; a body that is not JSON at all
is left to FastAPI's own answer.
"""

from email.message import Message as MimeMessage

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from huddle.errors import FieldError, error_response
from huddle.user_text import TooDeep, UnsafeText, parse_json


def _parsed_as_json(content_type: bytes | None) -> bool:
    if content_type is None:
        return True
    mime = MimeMessage()
    mime["content-type"] = content_type.decode("latin-1")
    subtype = mime.get_content_subtype()
    return mime.get_content_maintype() == "application" and (subtype == "json" or subtype.endswith("+json"))


class JsonTextCheckMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        if not _parsed_as_json(dict(scope["headers"]).get(b"content-type")):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, _replay([], message, receive), send)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if body:
            try:
                parse_json(body)
            except UnsafeText as unsafe:
                errors = [FieldError(field=unsafe.field, message=unsafe.message)]
                await error_response(422, str(unsafe), errors)(scope, receive, send)
                return
            except TooDeep:
                errors = [FieldError(field="body", message="nests too deeply")]
                await error_response(422, "body: nests too deeply", errors)(scope, receive, send)
                return
            except ValueError:
                pass  # not JSON: FastAPI answers that itself, with the same error shape
        await self.app(scope, _replay([body], None, receive), send)


def _replay(bodies: list[bytes], first: Message | None, receive: Receive) -> Receive:
    """A receive that gives the app what was already read, then the rest from the client."""
    queued: list[Message] = [{"type": "http.request", "body": body, "more_body": False} for body in bodies]
    if first is not None:
        queued.append(first)

    async def replay() -> Message:
        if queued:
            return queued.pop(0)
        return await receive()

    return replay
