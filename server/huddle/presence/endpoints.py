from fastapi import APIRouter
from pydantic import BaseModel

from huddle.auth.dependencies import CurrentUserRequired
from huddle.auth.schemas import PublicUser
from huddle.errors import ErrorBody
from huddle.presence import service

router = APIRouter(prefix="/api/presence", tags=["presence"])


class OnlineUsers(BaseModel):
    users: list[PublicUser]


@router.get("", responses={401: {"model": ErrorBody}})
async def list_online(_: CurrentUserRequired) -> OnlineUsers:
    """The users with at least one open event stream, on any API process."""
    return OnlineUsers(users=await service.online_users())
