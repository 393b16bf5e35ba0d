from typing import Annotated

from fastapi import APIRouter, Path, Query, status

from huddle.auth.dependencies import CurrentUserRequired
from huddle.errors import ErrorBody
from huddle.feed import service
from huddle.feed.schemas import FeedPage, Poll, PollCreate, Post, PostCreate

router = APIRouter(tags=["feed"], responses={401: {"model": ErrorBody}, 422: {"model": ErrorBody}})

ItemId = Annotated[str, Path(pattern=r"^[0-9]{1,18}$", description="a feed item id")]


@router.get("/api/feed")
async def feed(
    user: CurrentUserRequired,
    cursor: Annotated[str | None, Query(max_length=20, description="next_cursor of the previous page")] = None,
    limit: Annotated[int, Query(ge=1, le=service.MAX_PAGE)] = 20,
) -> FeedPage:
    """Posts and polls, newest first. Live changes arrive on the `feed` topic of `/api/events`."""
    return await service.feed_page(user, cursor, limit)


@router.post("/api/posts", status_code=status.HTTP_201_CREATED)
async def create_post(user: CurrentUserRequired, body: PostCreate) -> Post:
    return await service.create_post(user, body)


@router.delete(
    "/api/posts/{post_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={403: {"model": ErrorBody}, 404: {"model": ErrorBody}},
)
async def delete_post(user: CurrentUserRequired, post_id: ItemId) -> None:
    await service.delete_post(user, post_id)


@router.post("/api/polls", status_code=status.HTTP_201_CREATED)
async def create_poll(user: CurrentUserRequired, body: PollCreate) -> Poll:
    return await service.create_poll(user, body)


@router.get("/api/polls/{poll_id}", responses={404: {"model": ErrorBody}})
async def get_poll(user: CurrentUserRequired, poll_id: ItemId) -> Poll:
    return await service.get_poll(user, poll_id)


@router.post("/api/polls/{poll_id}/close", responses={403: {"model": ErrorBody}, 404: {"model": ErrorBody}})
async def close_poll(user: CurrentUserRequired, poll_id: ItemId) -> Poll:
    """Close a poll early (author only); from then on votes are refused and results are shown."""
    return await service.close_poll(user, poll_id)


@router.delete(
    "/api/polls/{poll_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={403: {"model": ErrorBody}, 404: {"model": ErrorBody}},
)
async def delete_poll(user: CurrentUserRequired, poll_id: ItemId) -> None:
    await service.delete_poll(user, poll_id)
