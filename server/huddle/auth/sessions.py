"""Revocable sessions: issuing a token, checking it, ending one, some or all of a user's sessions.

A token is good while its session id is in Redis (huddle.auth.sessions_repository). Asking Redis
on every request and every stream check would be one round trip per request, so each process
remembers an answer for HUDDLE_SESSION_CHECK_CACHE_SECONDS: a session ended on another process
stops working here within that bound (at once on the process that ended it). Open event streams
re-check every bound, so they end within twice it.
"""

import secrets
import time
from collections import OrderedDict

from huddle.auth import sessions_repository
from huddle.auth.tokens import SessionClaims, claims_from_token, issue_session_token
from huddle.config import get_settings

# Entries beyond this are dropped oldest first: memory per process stays bounded whatever the traffic.
_CACHE_LIMIT = 50_000


class _CheckCache:
    def __init__(self) -> None:
        self.entries: OrderedDict[tuple[str, str], tuple[bool, float]] = OrderedDict()

    def get(self, key: tuple[str, str], max_age: float) -> bool | None:
        entry = self.entries.get(key)
        if entry is None or time.monotonic() - entry[1] > max_age:
            return None
        return entry[0]

    def put(self, key: tuple[str, str], valid: bool) -> None:
        self.entries[key] = (valid, time.monotonic())
        self.entries.move_to_end(key)
        while len(self.entries) > _CACHE_LIMIT:
            self.entries.popitem(last=False)

    def forget_user(self, user_id: str) -> None:
        for key in [key for key in self.entries if key[0] == user_id]:
            del self.entries[key]


_checked = _CheckCache()


async def start_session(user_id: str) -> str:
    """A new session for the user; returns its signed token (the cookie value)."""
    settings = get_settings()
    session_id = secrets.token_urlsafe(16)
    expires_at = int(time.time()) + settings.session_ttl_seconds
    await sessions_repository.add_session(user_id, session_id, expires_at, settings.max_sessions_per_user)
    return issue_session_token(user_id, session_id, expires_at)


async def active_session(token: str) -> SessionClaims | None:
    """The claims of a token whose session has not been ended; None otherwise."""
    claims = claims_from_token(token)
    if claims is None:
        return None
    key = (claims.user_id, claims.session_id)
    valid = _checked.get(key, get_settings().session_check_cache_seconds)
    if valid is None:
        valid = await sessions_repository.session_exists(claims.user_id, claims.session_id)
        _checked.put(key, valid)
    return claims if valid else None


async def end_session(claims: SessionClaims) -> None:
    await sessions_repository.end_session(claims.user_id, claims.session_id)
    _checked.put((claims.user_id, claims.session_id), False)


async def end_all_sessions(user_id: str) -> None:
    await sessions_repository.end_all_sessions(user_id)
    _checked.forget_user(user_id)


def forget_cached_checks(user_id: str) -> None:
    """After sessions of the user were ended in Redis by someone else (a password change)."""
    _checked.forget_user(user_id)
