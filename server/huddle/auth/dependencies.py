from typing import Annotated

from fastapi import Cookie, Depends

from huddle.auth.schemas import PublicUser
from huddle.auth.service import get_user
from huddle.auth.tokens import SESSION_COOKIE, user_id_from_token
from huddle.errors import ApiError


async def current_user_optional(
    session: Annotated[str | None, Cookie(alias=SESSION_COOKIE, include_in_schema=False)] = None,
) -> PublicUser | None:
    if not session:
        return None
    user_id = user_id_from_token(session)
    return await get_user(user_id) if user_id else None


async def current_user_required(
    session: Annotated[str | None, Cookie(alias=SESSION_COOKIE, include_in_schema=False)] = None,
) -> PublicUser:
    if not session:
        raise ApiError(401, "not logged in")
    user_id = user_id_from_token(session)
    user = await get_user(user_id) if user_id else None
    if user is None:
        raise ApiError(401, "the session is invalid or expired; log in again")
    return user


CurrentUserOptional = Annotated[PublicUser | None, Depends(current_user_optional)]
CurrentUserRequired = Annotated[PublicUser, Depends(current_user_required)]
