"""A per-user limit on state-changing requests, shared by all processes (a Redis counter per
one-minute window). Logins have their own per-username throttle; signups and sessions are not
counted here. Identity: the session's user, else the guest cookie, else the client address.

Key layout: {ratelimit:<identity>}:<minute>   Integer, expires with its window.
"""

import time

from redis.exceptions import RedisError
from starlette.types import ASGIApp, Receive, Scope, Send

from huddle.auth.tokens import SESSION_COOKIE, user_id_from_token
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


def _identity(scope: Scope) -> str:
    cookies: dict[str, str] = {}
    for name, value in scope["headers"]:
        if name == b"cookie":
            for part in value.decode("latin-1").split(";"):
                key, _, val = part.strip().partition("=")
                cookies[key] = val
    user_id = user_id_from_token(cookies.get(SESSION_COOKIE, ""))
    if user_id:
        return f"user:{user_id}"
    guest = cookies.get("huddle_guest")
    if guest:
        return f"guest:{guest[-16:]}"
    client = scope.get("client")
    return f"addr:{client[0] if client else 'unknown'}"


class WriteRateLimitMiddleware:
    def __init__(self, app: ASGIApp, per_minute: int) -> None:
        self.app = app
        self.per_minute = per_minute

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in _WRITES or scope["path"].startswith(_EXEMPT):
            await self.app(scope, receive, send)
            return
        now = time.time()
        window = int(now // 60)
        try:
            count = int(await _count(keys=[f"{{ratelimit:{_identity(scope)}}}:{window}"]))
        except (RedisError, OSError):
            metrics.redis_errors.labels("rate_limit").inc()
            count = 0  # fail open: the request itself will answer 503 if Redis is really gone
        if count > self.per_minute:
            retry = str(max(1, int((window + 1) * 60 - now)))
            refusal = error_response(
                429, f"too many changes (at most {self.per_minute} a minute); slow down", headers={"Retry-After": retry}
            )
            await refusal(scope, receive, send)
            return
        await self.app(scope, receive, send)
