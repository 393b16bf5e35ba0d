"""The session: a signed JWT carried in an HttpOnly cookie."""

import time

import jwt

from huddle.config import get_settings

SESSION_COOKIE = "huddle_session"
_ALGORITHM = "HS256"


def issue_session_token(user_id: str) -> str:
    settings = get_settings()
    now = int(time.time())
    claims = {"sub": user_id, "iat": now, "exp": now + settings.session_ttl_seconds}
    return jwt.encode(claims, settings.secret_key, algorithm=_ALGORITHM)


def user_id_from_token(token: str) -> str | None:
    """The user id of a valid, unexpired token; None for anything tampered, expired or malformed."""
    try:
        claims = jwt.decode(
            token, get_settings().secret_key, algorithms=[_ALGORITHM], options={"require": ["sub", "exp"]}
        )
    except jwt.PyJWTError:
        return None
    subject = claims.get("sub")
    return subject if isinstance(subject, str) else None
