"""The session: a signed JWT carried in an HttpOnly cookie, naming the user and the session.

The signature proves who issued it; whether the session still exists (not logged out, not ended
by "log out everywhere" or a password change) is asked of Redis (huddle.auth.sessions).
"""

import time
from dataclasses import dataclass

import jwt

from huddle.config import get_settings

SESSION_COOKIE = "huddle_session"
_ALGORITHM = "HS256"


@dataclass(frozen=True, slots=True)
class SessionClaims:
    user_id: str
    session_id: str
    expires_at: int


def issue_session_token(user_id: str, session_id: str, expires_at: int) -> str:
    claims = {"sub": user_id, "sid": session_id, "iat": int(time.time()), "exp": expires_at}
    return jwt.encode(claims, get_settings().secret_key, algorithm=_ALGORITHM)


def claims_from_token(token: str) -> SessionClaims | None:
    """The claims of a validly signed, unexpired token; None for anything tampered, expired or malformed.
    Says nothing about revocation."""
    try:
        claims = jwt.decode(
            token, get_settings().secret_key, algorithms=[_ALGORITHM], options={"require": ["sub", "sid", "exp"]}
        )
    except jwt.PyJWTError:
        return None
    subject, session_id, expires_at = claims.get("sub"), claims.get("sid"), claims.get("exp")
    if not isinstance(subject, str) or not isinstance(session_id, str) or not isinstance(expires_at, int):
        return None
    return SessionClaims(subject, session_id, expires_at)


def user_id_from_token(token: str) -> str | None:
    """The user a validly signed token names, without asking whether the session was revoked: only
    for bucketing (rate limits), never for access."""
    claims = claims_from_token(token)
    return claims.user_id if claims else None
