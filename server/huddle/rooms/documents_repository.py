"""A room's document in Redis. Every key of room <id> shares the tag `{room:<id>}` (its topic):

    {room:<id>}:meta       Hash: id, language, created_at, created_by, epoch, trimmed (log entries
                           folded into the snapshot so far, absent until the first compaction).
    {room:<id>}:snapshot   String: base64 of a compacted Yjs state (absent until the first compaction).
    {room:<id>}:log        List: base64 Yjs updates appended since the snapshot, oldest first.
    {room:<id>}:size       Integer: characters stored in snapshot + log (the 413 guard).
    {room:<id>}:compacting String with expiry: the compaction lock (its holder's random token).
    {room:<id>}:events     The topic `room:<id>`: doc_update, room_updated, room_reset.

All of them expire ROOM_TTL_SECONDS after the room's last activity; every write refreshes them.
The epoch changes only when the document is reset: an update sent against another epoch is refused,
so a client holding a discarded document reloads instead of merging its old text back in.
"""

import json
import secrets
from typing import Any

from huddle.db import redis_client
from huddle.live.publish import PUBLISH_LUA, publish_args

_PARTS = ("meta", "snapshot", "log", "size")


def topic(room_id: str) -> str:
    return f"room:{room_id}"


def key(room_id: str, part: str) -> str:
    return f"{{room:{room_id}}}:{part}"


def _keys(room_id: str) -> list[str]:
    stream, _, _ = publish_args(topic(room_id))
    return [*(key(room_id, part) for part in _PARTS), stream]


def _channel(room_id: str) -> list[str | int]:
    _, channel, maxlen = publish_args(topic(room_id))
    return [channel, maxlen]


_LIB = (
    PUBLISH_LUA
    + """
local meta, snapshot, log, size, stream = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local channel, maxlen = ARGV[1], ARGV[2]
local function touch(ttl)
  for i = 1, 5 do redis.call('EXPIRE', KEYS[i], ttl) end
end
"""
)

_create = redis_client.register_script(
    _LIB
    + """
if redis.call('EXISTS', meta) == 1 then return 0 end
redis.call('HSET', meta, 'id', ARGV[3], 'language', ARGV[4], 'created_at', ARGV[5])
redis.call('HSET', meta, 'epoch', ARGV[6], 'created_by', ARGV[7])
redis.call('SET', size, 0)
touch(tonumber(ARGV[8]))
return 1
"""
)

# ARGV: channel, maxlen, epoch, update, client id, participant id, ttl, max size.
_append = redis_client.register_script(
    _LIB
    + """
if redis.call('EXISTS', meta) == 0 then return 'not_found' end
local epoch = redis.call('HGET', meta, 'epoch')
if epoch ~= ARGV[3] then return 'epoch:' .. epoch end
local new_size = tonumber(redis.call('GET', size) or '0') + #ARGV[4]
if new_size > tonumber(ARGV[8]) then return 'too_large' end
redis.call('RPUSH', log, ARGV[4])
redis.call('SET', size, new_size)
local room_id = redis.call('HGET', meta, 'id')
huddle_publish(stream, channel, maxlen, 'doc_update', '{"topic":"room:' .. room_id .. '","epoch":"' .. epoch
  .. '","update":"' .. ARGV[4] .. '","client_id":' .. ARGV[5] .. ',"participant_id":' .. cjson.encode(ARGV[6]) .. '}')
touch(tonumber(ARGV[7]))
return 'ok:' .. redis.call('LLEN', log)
"""
)

# ARGV: channel, maxlen, epoch, trimmed count when read, merged entry count, new snapshot, ttl.
# The log only grows at its tail and only compaction trims its head (bumping `trimmed`): with the
# epoch and `trimmed` as they were when read, its first `merged` entries are exactly the ones folded
# into the new snapshot. Otherwise another compaction got there first (after this one's lock
# expired, say): this one's snapshot is stale and its count would trim unmerged entries.
_compact = redis_client.register_script(
    _LIB
    + """
if redis.call('HGET', meta, 'epoch') ~= ARGV[3] then return 0 end
if tonumber(redis.call('HGET', meta, 'trimmed') or '0') ~= tonumber(ARGV[4]) then return 0 end
local merged = tonumber(ARGV[5])
if redis.call('LLEN', log) < merged then return 0 end
redis.call('SET', snapshot, ARGV[6])
redis.call('LTRIM', log, merged, -1)
redis.call('HINCRBY', meta, 'trimmed', merged)
local total = #ARGV[6]
for _, entry in ipairs(redis.call('LRANGE', log, 0, -1)) do total = total + #entry end
redis.call('SET', size, total)
touch(tonumber(ARGV[7]))
return 1
"""
)

_unlock = redis_client.register_script(
    """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""
)

# ARGV: channel, maxlen, new epoch, ttl.
_reset = redis_client.register_script(
    _LIB
    + """
if redis.call('EXISTS', meta) == 0 then return 0 end
redis.call('DEL', snapshot, log)
redis.call('SET', size, 0)
redis.call('HSET', meta, 'epoch', ARGV[3])
local room_id = redis.call('HGET', meta, 'id')
huddle_publish(stream, channel, maxlen, 'room_reset', '{"topic":"room:' .. room_id .. '","epoch":"' .. ARGV[3] .. '"}')
touch(tonumber(ARGV[4]))
return 1
"""
)

# ARGV: channel, maxlen, language, room json (with the new language), ttl.
_set_language = redis_client.register_script(
    _LIB
    + """
if redis.call('EXISTS', meta) == 0 then return 0 end
redis.call('HSET', meta, 'language', ARGV[3])
local room_id = redis.call('HGET', meta, 'id')
huddle_publish(stream, channel, maxlen, 'room_updated', '{"topic":"room:' .. room_id .. '","room":' .. ARGV[4] .. '}')
touch(tonumber(ARGV[5]))
return 1
"""
)


async def create(room_id: str, language: str, created_at: str, epoch: str, creator: str, ttl: int) -> bool:
    args = [*_channel(room_id), room_id, language, created_at, epoch, creator, ttl]
    return bool(await _create(keys=_keys(room_id), args=args))


async def get_meta(room_id: str) -> dict[str, str] | None:
    meta = await redis_client.hgetall(key(room_id, "meta"))
    return {str(k): str(v) for k, v in meta.items()} or None


async def append(
    room_id: str, epoch: str, update_b64: str, client_id: int, participant_id: str, ttl: int, max_size: int
) -> str:
    """'ok:<log length>', 'not_found', 'epoch:<current>' or 'too_large'."""
    args = [*_channel(room_id), epoch, update_b64, client_id, participant_id, ttl, max_size]
    result: str = await _append(keys=_keys(room_id), args=args)
    return result


async def read_document(room_id: str) -> tuple[str | None, list[str]]:
    """(snapshot, log entries after it)."""
    async with redis_client.pipeline(transaction=True) as pipe:
        pipe.get(key(room_id, "snapshot"))
        pipe.lrange(key(room_id, "log"), 0, -1)
        snapshot, log = await pipe.execute()
    return snapshot, list(log)


async def stored_size(room_id: str) -> int:
    return int(await redis_client.get(key(room_id, "size")) or 0)


async def read_for_compaction(room_id: str) -> tuple[str | None, int, str | None, list[str]]:
    """(epoch, trimmed count, snapshot, log), read at one instant: what `compact` checks against."""
    async with redis_client.pipeline(transaction=True) as pipe:
        pipe.hmget(key(room_id, "meta"), ["epoch", "trimmed"])
        pipe.get(key(room_id, "snapshot"))
        pipe.lrange(key(room_id, "log"), 0, -1)
        (epoch, trimmed), snapshot, log = await pipe.execute()
    return epoch, int(trimmed or 0), snapshot, list(log)


async def try_lock_compaction(room_id: str, milliseconds: int = 30_000) -> str | None:
    """The lock's token when taken, else None. The lock only saves duplicate work: `compact`
    itself refuses a stale result, so a lock that expired mid-compaction does no harm."""
    token = secrets.token_hex(16)
    taken = await redis_client.set(key(room_id, "compacting"), token, nx=True, px=milliseconds)
    return token if taken else None


async def unlock_compaction(room_id: str, token: str) -> None:
    # Compare-and-delete: after an expiry the lock may be someone else's by now.
    await _unlock(keys=[key(room_id, "compacting")], args=[token])


async def compact(room_id: str, epoch: str, trimmed: int, merged_count: int, snapshot_b64: str, ttl: int) -> bool:
    args = [*_channel(room_id), epoch, trimmed, merged_count, snapshot_b64, ttl]
    return bool(await _compact(keys=_keys(room_id), args=args))


async def reset(room_id: str, new_epoch: str, ttl: int) -> bool:
    return bool(await _reset(keys=_keys(room_id), args=[*_channel(room_id), new_epoch, ttl]))


async def set_language(room_id: str, language: str, room: dict[str, Any], ttl: int) -> bool:
    args = [*_channel(room_id), language, json.dumps(room), ttl]
    return bool(await _set_language(keys=_keys(room_id), args=args))


async def touch(room_id: str, ttl: int) -> None:
    async with redis_client.pipeline(transaction=False) as pipe:
        for name in _keys(room_id):
            pipe.expire(name, ttl)
        await pipe.execute()
