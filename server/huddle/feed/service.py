"""Feed rules: posts, polls and who may do what. Votes are in votes.py."""

from datetime import UTC, datetime
from typing import Any

from huddle.auth.schemas import PublicUser
from huddle.errors import ApiError
from huddle.feed import feed_repository, polls_repository
from huddle.feed.schemas import FeedItem, FeedPage, Poll, PollCreate, PollOption, Post, PostCreate
from huddle.live.publish import event_json

MAX_PAGE = 50


def _now() -> datetime:
    return datetime.now(UTC)


async def create_post(author: PublicUser, body: PostCreate) -> Post:
    post_id = await feed_repository.next_id()
    post = Post(id=post_id, author=author, text=body.text, created_at=_now())
    stored = post.model_dump(mode="json")
    await feed_repository.add_item("post", post_id, event_json(feed_repository.TOPIC, {"item": stored}), post=stored)
    return post


async def delete_post(user: PublicUser, post_id: str) -> None:
    result = await feed_repository.remove_post(post_id, user.id)
    if result == "not_found":
        raise ApiError(404, f"no post {post_id}", field="post_id")
    if result == "forbidden":
        raise ApiError(403, "only the author can delete a post")


async def create_poll(author: PublicUser, body: PollCreate) -> Poll:
    poll_id = await feed_repository.next_id()
    options = [{"id": f"{poll_id}-{index}", "text": text} for index, text in enumerate(body.options)]
    meta: dict[str, Any] = {
        "question": body.question,
        "options": options,
        "multiple": body.multiple,
        "closes_at": int(body.closes_at.timestamp() * 1000) if body.closes_at else None,
        "results_visibility": body.results_visibility,
        "author": author.model_dump(mode="json"),
        "created_at": _now().isoformat(),
        "closed": False,
    }
    # Atomic steps in three hash slots: the closing schedule, the poll, then its place in the feed.
    # A failure in between leaves an unlisted poll, never a listed one without data (the closer
    # drops a scheduled poll that does not exist).
    if meta["closes_at"] is not None:
        await polls_repository.schedule_close(poll_id, meta["closes_at"])
    await polls_repository.create(poll_id, meta)
    counts = {option["id"]: "0" for option in options} | {"_voters": "0", "_version": "0"}
    poll = _to_poll(poll_id, meta, counts, [])
    await feed_repository.add_item(
        "poll", poll_id, event_json(feed_repository.TOPIC, {"item": poll.model_dump(mode="json")})
    )
    return poll


async def get_poll(user: PublicUser, poll_id: str) -> Poll:
    loaded = await polls_repository.load([poll_id], user.id)
    if poll_id not in loaded:
        raise ApiError(404, f"no poll {poll_id}", field="poll_id")
    return _to_poll(poll_id, *loaded[poll_id])


async def close_poll(user: PublicUser, poll_id: str) -> Poll:
    _raise_for(await polls_repository.close(poll_id, user.id), poll_id, "close")
    return await get_poll(user, poll_id)


async def delete_poll(user: PublicUser, poll_id: str) -> None:
    _raise_for(await polls_repository.delete(poll_id, user.id), poll_id, "delete")
    await feed_repository.remove_poll(poll_id)


def _raise_for(result: dict[str, Any], poll_id: str, action: str) -> None:
    if result.get("error") == "not_found":
        raise ApiError(404, f"no poll {poll_id}", field="poll_id")
    if result.get("error") == "forbidden":
        raise ApiError(403, f"only the author can {action} a poll")


async def feed_page(user: PublicUser, cursor: str | None, limit: int) -> FeedPage:
    before = _parse_cursor(cursor)
    refs = await feed_repository.page(before, limit + 1)
    has_more = len(refs) > limit
    refs = refs[:limit]
    posts = await feed_repository.get_posts([item_id for kind, item_id in refs if kind == "post"])
    polls = await polls_repository.load([item_id for kind, item_id in refs if kind == "poll"], user.id)
    items: list[FeedItem] = []
    for kind, item_id in refs:
        if kind == "post" and item_id in posts:
            items.append(Post.model_validate(posts[item_id]))
        elif kind == "poll" and item_id in polls:
            items.append(_to_poll(item_id, *polls[item_id]))
    next_cursor = refs[-1][1] if has_more and refs else None
    return FeedPage(items=items, next_cursor=next_cursor)


def _parse_cursor(cursor: str | None) -> int | None:
    if cursor in (None, ""):
        return None
    if not cursor.isdigit() or len(cursor) > 18:
        raise ApiError(422, "cursor is not one this API returned", field="cursor")
    return int(cursor)


def results_visible(meta: dict[str, Any], closed: bool, my_vote: list[str]) -> bool:
    visibility = meta["results_visibility"]
    return visibility == "always" or closed or (visibility == "after_vote" and bool(my_vote))


def is_closed(meta: dict[str, Any]) -> bool:
    closes_at = meta.get("closes_at")
    return bool(meta["closed"]) or (closes_at is not None and closes_at <= _now().timestamp() * 1000)


def _to_poll(poll_id: str, meta: dict[str, Any], counts: dict[str, str], my_vote: list[str]) -> Poll:
    closed = is_closed(meta)
    show = results_visible(meta, closed, my_vote)
    closes_at = meta.get("closes_at")
    return Poll(
        id=poll_id,
        author=PublicUser.model_validate(meta["author"]),
        question=meta["question"],
        options=[
            PollOption(id=o["id"], text=o["text"], votes=int(counts.get(o["id"], 0)) if show else None)
            for o in meta["options"]
        ],
        voters=int(counts.get("_voters", 0)),
        multiple=meta["multiple"],
        closes_at=datetime.fromtimestamp(closes_at / 1000, UTC) if closes_at is not None else None,
        closed=closed,
        results_visibility=meta["results_visibility"],
        my_vote=my_vote,
        version=int(counts.get("_version", 0)),
        created_at=datetime.fromisoformat(meta["created_at"]),
    )


async def authorize_feed_topic(user: PublicUser | None, topic: str) -> None:
    if user is None:
        raise ApiError(401, "log in to follow the feed")


async def authorize_poll_topic(user: PublicUser | None, topic: str) -> None:
    # Any member of the team may follow any poll. A deleted poll's topic is allowed too: a feed tab
    # may still list it when it reconnects, and that must not refuse the tab's whole stream.
    if user is None:
        raise ApiError(401, "log in to follow a poll")
