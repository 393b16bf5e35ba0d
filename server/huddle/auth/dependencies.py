from typing import Annotated

from fastapi import Cookie, Depends

from huddle.auth.schemas import PublicUser
from huddle.auth.service import get_user
from huddle.auth.sessions import active_session
from huddle.auth.tokens import SESSION_COOKIE, SessionClaims
from huddle.errors import ApiError

SessionCookie = Annotated[str | None, Cookie(alias=SESSION_COOKIE, include_in_schema=False)]


async def current_session_optional(session: SessionCookie = None) -> SessionClaims | None:
    return await active_session(session) if session else None


async def current_session_required(session: SessionCookie = None) -> SessionClaims:
    if not session:
        raise ApiError(401, "not logged in")
    claims = await active_session(session)
    if claims is None:
        raise ApiError(401, "the session is invalid, expired or ended; log in again")
    return claims


async def current_user_optional(
    claims: Annotated[SessionClaims | None, Depends(current_session_optional)],
) -> PublicUser | None:
    return await get_user(claims.user_id) if claims else None


async def current_user_required(claims: Annotated[SessionClaims, Depends(current_session_required)]) -> PublicUser:
    user = await get_user(claims.user_id)
    if user is None:
        raise ApiError(401, "the session is invalid, expired or ended; log in again")
    return user


CurrentSessionRequired = Annotated[SessionClaims, Depends(current_session_required)]
CurrentUserOptional = Annotated[PublicUser | None, Depends(current_user_optional)]
CurrentUserRequired = Annotated[PublicUser, Depends(current_user_required)]
