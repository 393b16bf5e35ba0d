"""The feed's index and its posts. Every key shares the tag `{feed}`, the same as its topic:

    {feed}:seq          Integer: the last item id handed out (items sort by id, newest first).
    {feed}:items        Sorted set: "post:<id>" / "poll:<id>" -> id. The feed, for cursor paging.
    {feed}:post:<id>    String, JSON of a post (text, author, created_at).
    {feed}:events       The topic `feed` (realtime core): item_created, item_deleted.

A poll's own data lives under its own tag (see polls_repository); the feed lists it by id.
"""

import json
from typing import Any

from huddle.db import redis_client
from huddle.live.publish import PUBLISH_LUA, publish_args

TOPIC = "feed"
_SEQ, _ITEMS = "{feed}:seq", "{feed}:items"


def _post_key(post_id: str) -> str:
    return f"{{feed}}:post:{post_id}"


_add = redis_client.register_script(
    PUBLISH_LUA
    + """
local items, stream, post_key = KEYS[1], KEYS[2], KEYS[3]
local channel, maxlen, member, id, event_json, post_json = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
if post_json ~= '' then redis.call('SET', post_key, post_json) end
redis.call('ZADD', items, id, member)
huddle_publish(stream, channel, maxlen, 'item_created', event_json)
return 1
"""
)

_remove = redis_client.register_script(
    PUBLISH_LUA
    + """
local items, stream, post_key = KEYS[1], KEYS[2], KEYS[3]
local channel, maxlen, member, id, author_id = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
if author_id ~= '' then
  local post = redis.call('GET', post_key)
  if not post then return 'not_found' end
  if cjson.decode(post).author.id ~= author_id then return 'forbidden' end
  redis.call('DEL', post_key)
end
if redis.call('ZREM', items, member) == 0 and author_id == '' then return 'not_found' end
local kind = string.sub(member, 1, 4)
huddle_publish(stream, channel, maxlen, 'item_deleted',
  '{"topic":"feed","id":"' .. id .. '","type":"' .. kind .. '"}')
return 'ok'
"""
)


async def next_id() -> str:
    return str(await redis_client.incr(_SEQ))


async def add_item(kind: str, item_id: str, event_data: str, post: dict[str, Any] | None = None) -> None:
    stream, channel, maxlen = publish_args(TOPIC)
    await _add(
        keys=[_ITEMS, stream, _post_key(item_id)],
        args=[channel, maxlen, f"{kind}:{item_id}", item_id, event_data, json.dumps(post) if post else ""],
    )


async def remove_post(post_id: str, author_id: str) -> str:
    """'ok', 'not_found' or 'forbidden' (only the author may delete)."""
    stream, channel, maxlen = publish_args(TOPIC)
    result: str = await _remove(
        keys=[_ITEMS, stream, _post_key(post_id)], args=[channel, maxlen, f"post:{post_id}", post_id, author_id]
    )
    return result


async def remove_poll(poll_id: str) -> None:
    stream, channel, maxlen = publish_args(TOPIC)
    await _remove(keys=[_ITEMS, stream, _post_key(poll_id)], args=[channel, maxlen, f"poll:{poll_id}", poll_id, ""])


async def page(before_id: int | None, limit: int) -> list[tuple[str, str]]:
    """(kind, id) of up to `limit` items older than `before_id`, newest first."""
    members = await redis_client.zrevrangebyscore(
        _ITEMS, f"({before_id}" if before_id else "+inf", "-inf", start=0, num=limit
    )
    refs = []
    for member in members:
        kind, _, item_id = str(member).partition(":")
        refs.append((kind, item_id))
    return refs


async def get_posts(post_ids: list[str]) -> dict[str, dict[str, Any]]:
    if not post_ids:
        return {}
    raws = await redis_client.mget([_post_key(post_id) for post_id in post_ids])
    return {post_id: json.loads(raw) for post_id, raw in zip(post_ids, raws, strict=True) if raw}
