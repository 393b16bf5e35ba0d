"""Workspaces in Redis. A workspace's keys share the tag `{workspace:<id>}`, the same as its topic:

    {workspace:<id>}:meta      Hash: id, name, key, created_at, created_by, invite_code, field_seq.
    {workspace:<id>}:members   Hash: user id -> JSON {role, joined_at}.
    {workspace:<id>}:fields    Hash: custom field id -> JSON field definition. Fields made in the app
                               are cf_<n>; free-form keys of seed 002's `data` ("owner") are their
                               own id, so the data reads back as sent. `seq` (from field_seq)
                               orders them all.
    {workspace:<id>}:events    The topic `workspace:<id>`: task_*, member_joined, fields_updated.
    {wsuser:<user id>}:workspaces  Set: the workspaces a user belongs to (written after :members).
    {invite:<code>}            String: the workspace an invite code opens.

Tasks are under the same tag (see tasks_repository), so a task write and its event are one script.
"""

import json
import secrets
from datetime import UTC, datetime
from typing import Any

from huddle.db import redis_client, text_map
from huddle.live.publish import PUBLISH_LUA, event_json, publish_args


def topic(workspace_id: str) -> str:
    return f"workspace:{workspace_id}"


def key(workspace_id: str, part: str) -> str:
    return f"{{workspace:{workspace_id}}}:{part}"


def _user_key(user_id: str) -> str:
    return f"{{wsuser:{user_id}}}:workspaces"


def _invite_key(code: str) -> str:
    return f"{{invite:{code}}}"


def new_id() -> str:
    return secrets.token_hex(5)


def new_invite_code() -> str:
    return secrets.token_urlsafe(12)


_add_member = redis_client.register_script(
    PUBLISH_LUA
    + """
local members, stream = KEYS[1], KEYS[2]
if redis.call('HSETNX', members, ARGV[3], ARGV[4]) == 0 then return 0 end
huddle_publish(stream, ARGV[1], ARGV[2], 'member_joined', ARGV[5])
return 1
"""
)

_add_field = redis_client.register_script(
    PUBLISH_LUA
    + """
local meta, fields, stream = KEYS[1], KEYS[2], KEYS[3]
local id = 'cf_' .. redis.call('HINCRBY', meta, 'field_seq', 1)
local definition = string.gsub(ARGV[3], '__ID__', id, 1)
redis.call('HSET', fields, id, definition)
huddle_publish(stream, ARGV[1], ARGV[2], 'fields_updated', ARGV[4])
return definition
"""
)

# ARGV: channel, maxlen, field id, definition JSON with "__SEQ__", fields_updated event, most fields.
# Returns 1 when added, 0 when it exists already (added meanwhile by another request), -1 when full.
_add_free_form_field = redis_client.register_script(
    PUBLISH_LUA
    + """
local meta, fields, stream = KEYS[1], KEYS[2], KEYS[3]
if redis.call('HEXISTS', fields, ARGV[3]) == 1 then return 0 end
if redis.call('HLEN', fields) >= tonumber(ARGV[6]) then return -1 end
local seq = redis.call('HINCRBY', meta, 'field_seq', 1)
redis.call('HSET', fields, ARGV[3], (string.gsub(ARGV[4], '"__SEQ__"', tostring(seq), 1)))
huddle_publish(stream, ARGV[1], ARGV[2], 'fields_updated', ARGV[5])
return 1
"""
)


async def create(workspace_id: str, name: str, key_letters: str, owner_id: str, invite_code: str) -> dict[str, str]:
    now = datetime.now(UTC).isoformat()
    meta: dict[str, str] = {
        "id": workspace_id,
        "name": name,
        "key": key_letters,
        "created_at": now,
        "created_by": owner_id,
        "invite_code": invite_code,
        "field_seq": "0",
    }
    async with redis_client.pipeline(transaction=True) as pipe:
        pipe.hset(key(workspace_id, "meta"), mapping=meta)  # type: ignore[arg-type]  # redis-py's key type is invariant
        pipe.hset(key(workspace_id, "members"), owner_id, json.dumps({"role": "owner", "joined_at": now}))
        await pipe.execute()
    # Secondary indexes in other slots, written after the workspace itself exists.
    await redis_client.sadd(_user_key(owner_id), workspace_id)
    await redis_client.set(_invite_key(invite_code), workspace_id)
    return meta


async def get_meta(workspace_id: str) -> dict[str, str] | None:
    meta = text_map(await redis_client.hgetall(key(workspace_id, "meta")))
    return meta or None


async def membership(workspace_id: str, user_id: str) -> dict[str, Any] | None:
    raw = await redis_client.hget(key(workspace_id, "members"), user_id)
    return json.loads(raw) if raw else None


async def members(workspace_id: str) -> dict[str, dict[str, Any]]:
    raw = text_map(await redis_client.hgetall(key(workspace_id, "members")))
    return {user_id: json.loads(value) for user_id, value in raw.items()}


async def member_count(workspace_id: str) -> int:
    return int(await redis_client.hlen(key(workspace_id, "members")))


async def workspace_ids_of(user_id: str) -> list[str]:
    return sorted(str(workspace_id) for workspace_id in await redis_client.smembers(_user_key(user_id)))


async def workspace_of_invite(code: str) -> str | None:
    value = await redis_client.get(_invite_key(code))
    return str(value) if value else None


async def replace_invite(workspace_id: str, old_code: str, new_code: str) -> None:
    await redis_client.hset(key(workspace_id, "meta"), "invite_code", new_code)
    await redis_client.set(_invite_key(new_code), workspace_id)
    await redis_client.delete(_invite_key(old_code))


async def add_member(workspace_id: str, user_id: str, public_user: dict[str, Any]) -> bool:
    stream, channel, maxlen = publish_args(topic(workspace_id))
    joined = {"role": "member", "joined_at": datetime.now(UTC).isoformat()}
    # `type` as on the task events, for seed 002's clients on GET /api/tasks/{id}/events.
    event = event_json(topic(workspace_id), {"type": "member_joined", "member": {"user": public_user, **joined}})
    added = await _add_member(
        keys=[key(workspace_id, "members"), stream], args=[channel, maxlen, user_id, json.dumps(joined), event]
    )
    await redis_client.sadd(_user_key(user_id), workspace_id)
    return bool(added)


async def custom_fields(workspace_id: str) -> list[dict[str, Any]]:
    raw = await redis_client.hgetall(key(workspace_id, "fields"))
    return sorted((json.loads(value) for value in raw.values()), key=_field_order)


def _field_order(field: dict[str, Any]) -> int:
    return int(field["seq"]) if "seq" in field else int(field["id"][3:])


async def add_free_form_field(workspace_id: str, definition: dict[str, Any], most: int) -> int:
    """Add a field whose id is a seed client's `data` key; 1 added, 0 already there, -1 at `most` fields."""
    stream, channel, maxlen = publish_args(topic(workspace_id))
    added = await _add_free_form_field(
        keys=[key(workspace_id, "meta"), key(workspace_id, "fields"), stream],
        args=[
            channel,
            maxlen,
            definition["id"],
            json.dumps({**definition, "seq": "__SEQ__"}),
            event_json(topic(workspace_id), {"type": "fields_updated"}),
            most,
        ],
    )
    return int(added)


async def add_custom_field(workspace_id: str, definition: dict[str, Any]) -> dict[str, Any]:
    stream, channel, maxlen = publish_args(topic(workspace_id))
    created = await _add_field(
        keys=[key(workspace_id, "meta"), key(workspace_id, "fields"), stream],
        args=[
            channel,
            maxlen,
            json.dumps({**definition, "id": "__ID__"}),
            event_json(topic(workspace_id), {"type": "fields_updated"}),
        ],
    )
    field: dict[str, Any] = json.loads(created)
    return field
