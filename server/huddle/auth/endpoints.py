from fastapi import APIRouter, Request, Response, status

from huddle.auth import service, sessions
from huddle.auth.cookies import served_over_https
from huddle.auth.dependencies import CurrentSessionRequired, CurrentUserRequired, SessionCookie
from huddle.auth.schemas import LoginRequest, PasswordChange, PublicUser, SignupRequest
from huddle.auth.tokens import SESSION_COOKIE
from huddle.client_address import client_address
from huddle.config import get_settings
from huddle.errors import ErrorBody

router = APIRouter(prefix="/api/auth", tags=["auth"])


async def _set_session_cookie(request: Request, response: Response, user: PublicUser) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        await sessions.start_session(user.id),
        max_age=get_settings().session_ttl_seconds,
        httponly=True,
        samesite="lax",
        secure=served_over_https(request),
        path="/",
    )


def _clear_session_cookie(request: Request, response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=served_over_https(request))


@router.post(
    "/signup",
    status_code=status.HTTP_201_CREATED,
    responses={409: {"model": ErrorBody}, 422: {"model": ErrorBody}, 429: {"model": ErrorBody}},
)
async def signup(body: SignupRequest, request: Request, response: Response) -> PublicUser:
    user = await service.signup(body, client_address(request))
    await _set_session_cookie(request, response, user)
    return user


@router.post("/login", responses={401: {"model": ErrorBody}, 429: {"model": ErrorBody}})
async def login(body: LoginRequest, request: Request, response: Response) -> PublicUser:
    user = await service.login(body, client_address(request))
    await _set_session_cookie(request, response, user)
    return user


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(request: Request, response: Response, session: SessionCookie = None) -> None:
    """Ends this session: the cookie stops working everywhere, even a copy of it."""
    claims = await sessions.active_session(session) if session else None
    if claims is not None:
        await sessions.end_session(claims)
    _clear_session_cookie(request, response)


@router.post("/logout-everywhere", status_code=status.HTTP_204_NO_CONTENT, responses={401: {"model": ErrorBody}})
async def logout_everywhere(request: Request, response: Response, session: CurrentSessionRequired) -> None:
    """Ends every session of the user, this one included (other processes notice within
    HUDDLE_SESSION_CHECK_CACHE_SECONDS; open event streams end within twice that)."""
    await sessions.end_all_sessions(session.user_id)
    _clear_session_cookie(request, response)


@router.post(
    "/password",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={
        401: {"model": ErrorBody},
        403: {"model": ErrorBody},
        409: {"model": ErrorBody},
        429: {"model": ErrorBody},
    },
)
async def change_password(body: PasswordChange, request: Request, session: CurrentSessionRequired) -> None:
    """Changes the password (the current one is required) and ends every other session of the user."""
    await service.change_password(session.user_id, body, session, client_address(request))


@router.get("/me", responses={401: {"model": ErrorBody}})
async def me(user: CurrentUserRequired) -> PublicUser:
    return user
