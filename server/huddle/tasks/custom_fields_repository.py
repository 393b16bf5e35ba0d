"""A workspace's custom fields in Redis, under its tag `{workspace:<id>}` (see workspaces_repository):

    :fields          Hash: field id -> JSON {name, type, builtin, required, options}. The id is
                     the hash key only: definitions written before it was (with an "id" member,
                     once even a mangled one) are read with the key's id. Fields made in the app
                     are cf_<n>; a free-form key of seed 002's `data` ("owner") is its own id, so
                     the data reads back as sent, and carries `seq` (from field_seq) to keep the
                     order of creation among the cf_<n>.
    :meta            field_seq: the last number handed out (ids are never reused, so a value of a
                     deleted field can never show up under a new one); fields_version: bumped by
                     every change of the fields, so a check made in Python (names distinct, at
                     most MAX_FIELDS) holds when the script writes, or the script refuses.
    :task:<n>, :trash:<n>   d:<field id> / v:<field id> (see tasks_repository): deleting a field
                     removes them from every task, live or in the trash, in the same script.
    :events          fields_updated {change: added|renamed|deleted, field | fieldId}.

User text is never spliced into a template: a script gets the definition as finished JSON and only
prepends the id it assigned (a field name of "x__ID__" or "%1" is stored as written).
"""

import json
from dataclasses import dataclass
from typing import Any

from huddle.db import redis_client
from huddle.live.publish import PUBLISH_LUA, publish_args
from huddle.tasks.workspaces_repository import key, topic

CHANGED = "changed"
NOT_FOUND = "not_found"

_HEAD = (
    PUBLISH_LUA
    + """
local meta, fields, stream = KEYS[1], KEYS[2], KEYS[3]
local channel, maxlen, topic = ARGV[1], ARGV[2], ARGV[3]

local function with_id(id, definition)
  -- definition is a JSON object with at least a name: splice the id in as its first member.
  return '{"id":' .. cjson.encode(id) .. ',' .. string.sub(definition, 2)
end

local function announce(change, body)
  huddle_publish(stream, channel, maxlen, 'fields_updated', '{"topic":' .. cjson.encode(topic)
    .. ',"type":"fields_updated","change":"' .. change .. '",' .. body .. '}')
  redis.call('HINCRBY', meta, 'fields_version', 1)
end

local function unchanged_since(version)
  return (redis.call('HGET', meta, 'fields_version') or '0') == version
end
"""
)

# ARGV: channel, maxlen, topic, fields version read, definition JSON (without id).
_add = redis_client.register_script(
    _HEAD
    + """
if not unchanged_since(ARGV[4]) then return 'changed' end
local id = 'cf_' .. redis.call('HINCRBY', meta, 'field_seq', 1)
redis.call('HSET', fields, id, ARGV[5])
announce('added', '"field":' .. with_id(id, ARGV[5]))
return id
"""
)

# ARGV: channel, maxlen, topic, field id, definition JSON (without id or seq), most fields.
_add_free_form = redis_client.register_script(
    _HEAD
    + """
if redis.call('HEXISTS', fields, ARGV[4]) == 1 then return 'exists' end
if redis.call('HLEN', fields) >= tonumber(ARGV[6]) then return 'full' end
local seq = redis.call('HINCRBY', meta, 'field_seq', 1)
local definition = '{"seq":' .. seq .. ',' .. string.sub(ARGV[5], 2)
redis.call('HSET', fields, ARGV[4], definition)
announce('added', '"field":' .. with_id(ARGV[4], definition))
return 'ok'
"""
)

# ARGV: channel, maxlen, topic, fields version read, field id, new definition JSON (without id).
_rename = redis_client.register_script(
    _HEAD
    + """
if not unchanged_since(ARGV[4]) then return 'changed' end
if redis.call('HEXISTS', fields, ARGV[5]) == 0 then return 'not_found' end
redis.call('HSET', fields, ARGV[5], ARGV[6])
announce('renamed', '"field":' .. with_id(ARGV[5], ARGV[6]))
return 'ok'
"""
)

# KEYS: meta, fields, stream, seq, then task:<n> and trash:<n> for n = 1..seq.
# ARGV: channel, maxlen, topic, seq read ('' for none), field id.
_delete = redis_client.register_script(
    _HEAD
    + """
if (redis.call('GET', KEYS[4]) or '') ~= ARGV[4] then return 'changed' end
if redis.call('HDEL', fields, ARGV[5]) == 0 then return 'not_found' end
for i = 5, #KEYS do redis.call('HDEL', KEYS[i], 'd:' .. ARGV[5], 'v:' .. ARGV[5]) end
announce('deleted', '"fieldId":' .. cjson.encode(ARGV[5]))
return 'ok'
"""
)


@dataclass(frozen=True, slots=True)
class FieldsSnapshot:
    definitions: list[dict[str, Any]]  # with their ids, in creation order
    version: str


def _head(workspace_id: str) -> tuple[list[str], list[str | int]]:
    stream, channel, maxlen = publish_args(topic(workspace_id))
    return [key(workspace_id, "meta"), key(workspace_id, "fields"), stream], [channel, maxlen, topic(workspace_id)]


def _definitions(raw: dict[Any, Any]) -> list[dict[str, Any]]:
    listed = [{**json.loads(value), "id": str(field_id)} for field_id, value in raw.items()]
    return sorted(listed, key=_creation_order)


def _creation_order(field: dict[str, Any]) -> int:
    if "seq" in field:
        return int(field["seq"])
    return int(field["id"][3:]) if field["id"][3:].isdigit() else 0


async def snapshot(workspace_id: str) -> FieldsSnapshot:
    async with redis_client.pipeline(transaction=True) as pipe:
        pipe.hget(key(workspace_id, "meta"), "fields_version")
        pipe.hgetall(key(workspace_id, "fields"))
        version, raw = await pipe.execute()
    return FieldsSnapshot(_definitions(raw), str(version or "0"))


async def custom_fields(workspace_id: str) -> list[dict[str, Any]]:
    return _definitions(await redis_client.hgetall(key(workspace_id, "fields")))


def _stored(definition: dict[str, Any]) -> str:
    return json.dumps({name: value for name, value in definition.items() if name != "id"})


async def add(workspace_id: str, version: str, definition: dict[str, Any]) -> dict[str, Any] | None:
    """The new field with its id; None when the fields changed since `version` was read."""
    keys, args = _head(workspace_id)
    outcome = str(await _add(keys=keys, args=[*args, version, _stored(definition)]))
    if outcome == CHANGED:
        return None
    return {**definition, "id": outcome}


async def add_free_form(workspace_id: str, field_id: str, definition: dict[str, Any], most: int) -> str:
    """'ok', 'exists' (added meanwhile by another request) or 'full' (`most` fields already)."""
    keys, args = _head(workspace_id)
    stored = json.dumps({n: v for n, v in definition.items() if n not in ("id", "seq")})
    return str(await _add_free_form(keys=keys, args=[*args, field_id, stored, most]))


async def rename(workspace_id: str, version: str, field_id: str, definition: dict[str, Any]) -> str:
    """'ok', CHANGED (the fields changed since `version`) or NOT_FOUND."""
    keys, args = _head(workspace_id)
    return str(await _rename(keys=keys, args=[*args, version, field_id, _stored(definition)]))


async def delete(workspace_id: str, field_id: str) -> str:
    """'ok', CHANGED (a task was created meanwhile: read again) or NOT_FOUND."""
    keys, args = _head(workspace_id)
    seq_key = key(workspace_id, "seq")
    last = await redis_client.get(seq_key)
    count = int(last or 0)
    tasks = [key(workspace_id, f"{part}:{n}") for n in range(1, count + 1) for part in ("task", "trash")]
    return str(await _delete(keys=[*keys, seq_key, *tasks], args=[*args, str(last or ""), field_id]))
