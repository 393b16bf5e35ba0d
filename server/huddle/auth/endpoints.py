from fastapi import APIRouter, Request, Response, status

from huddle.auth import service
from huddle.auth.cookies import served_over_https
from huddle.auth.dependencies import CurrentUserRequired
from huddle.auth.schemas import LoginRequest, PublicUser, SignupRequest
from huddle.auth.tokens import SESSION_COOKIE, issue_session_token
from huddle.config import get_settings
from huddle.errors import ErrorBody

router = APIRouter(prefix="/api/auth", tags=["auth"])


def _set_session_cookie(request: Request, response: Response, user: PublicUser) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        issue_session_token(user.id),
        max_age=get_settings().session_ttl_seconds,
        httponly=True,
        samesite="lax",
        secure=served_over_https(request),
        path="/",
    )


@router.post(
    "/signup",
    status_code=status.HTTP_201_CREATED,
    responses={409: {"model": ErrorBody}, 422: {"model": ErrorBody}},
)
async def signup(body: SignupRequest, request: Request, response: Response) -> PublicUser:
    user = await service.signup(body)
    _set_session_cookie(request, response, user)
    return user


@router.post("/login", responses={401: {"model": ErrorBody}, 429: {"model": ErrorBody}})
async def login(body: LoginRequest, request: Request, response: Response) -> PublicUser:
    user = await service.login(body)
    _set_session_cookie(request, response, user)
    return user


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(request: Request, response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=served_over_https(request))


@router.get("/me", responses={401: {"model": ErrorBody}})
async def me(user: CurrentUserRequired) -> PublicUser:
    return user
