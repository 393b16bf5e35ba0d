"""A per-user limit on state-changing requests, shared by all processes (a Redis counter per
one-minute window). Logins have their own per-username throttle; signups and sessions are not
counted here. Identity: the session's user, else the client address. Visitors who are not logged
in are counted by address, not by their guest cookie: a new guest identity is free to get, an
address is not.

Key layout: {ratelimit:<identity>}:<minute>   Integer, expires with its window.
"""

import time

from redis.exceptions import RedisError
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Receive, Scope, Send

from huddle.auth.tokens import SESSION_COOKIE, user_id_from_token
from huddle.client_address import client_address
from huddle.db import redis_client
from huddle.errors import error_response
from huddle.observability import metrics

_WRITES = {"POST", "PUT", "PATCH", "DELETE"}
_EXEMPT = ("/api/auth/",)
_count = redis_client.register_script(
    """
    local n = redis.call('INCR', KEYS[1])
    if n == 1 then redis.call('EXPIRE', KEYS[1], 61) end
    return n
    """
)


def _session_user(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"cookie":
            for part in value.decode("latin-1").split(";"):
                key, _, val = part.strip().partition("=")
                if key == SESSION_COOKIE:
                    return user_id_from_token(val)
    return None


class WriteRateLimitMiddleware:
    def __init__(self, app: ASGIApp, per_minute: int, anonymous_per_address: int) -> None:
        self.app = app
        self.per_minute = per_minute
        self.anonymous_per_address = anonymous_per_address

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in _WRITES or scope["path"].startswith(_EXEMPT):
            await self.app(scope, receive, send)
            return
        now = time.time()
        window = int(now // 60)
        user_id = _session_user(scope)
        identity = f"user:{user_id}" if user_id else f"addr:{client_address(HTTPConnection(scope))}"
        limit = self.per_minute if user_id else self.anonymous_per_address
        try:
            count = int(await _count(keys=[f"{{ratelimit:{identity}}}:{window}"]))
        except (RedisError, OSError):
            metrics.redis_errors.labels("rate_limit").inc()
            count = 0  # fail open: the request itself will answer 503 if Redis is really gone
        if count > limit:
            retry = str(max(1, int((window + 1) * 60 - now)))
            who = "" if user_id else " from this address by visitors who are not logged in"
            refusal = error_response(
                429, f"too many changes{who} (at most {limit} a minute); slow down", headers={"Retry-After": retry}
            )
            await refusal(scope, receive, send)
            return
        await self.app(scope, receive, send)
