"""Who is online, in Redis.

Key layout (owned by presence; all under the `{presence}` tag, the same as its topic):

    {presence}:conns      Sorted set: stream id -> expiry (ms). Refreshed by the owning API process;
                          an entry of a dead process expires and is swept by any process.
    {presence}:conn_user  Hash: stream id -> user id.
    {presence}:online     Hash: user id -> number of open streams (present only while > 0).
    {presence}:profiles   Hash: user id -> public user JSON, for the list and the events.
    {presence}:events     The `presence` topic (realtime core): user_online / user_offline.

Every change is one Lua script, so counts never drift and an event is published exactly when a
user's first stream opens or last stream closes.
"""

import json

from huddle.auth.schemas import PublicUser
from huddle.db import redis_client
from huddle.live.publish import PUBLISH_LUA, publish_args

TOPIC = "presence"
_KEYS = ["{presence}:conns", "{presence}:conn_user", "{presence}:online", "{presence}:profiles"]

_LIB = (
    PUBLISH_LUA
    + """
local conns, conn_user, online, profiles, stream = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local channel, maxlen = ARGV[1], ARGV[2]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

local function open(conn, uid, profile, ttl)
  redis.call('ZADD', conns, now + ttl, conn)
  redis.call('HSET', conn_user, conn, uid)
  redis.call('HSET', profiles, uid, profile)
  if redis.call('HINCRBY', online, uid, 1) == 1 then
    huddle_publish(stream, channel, maxlen, 'user_online', '{"topic":"presence","user":' .. profile .. '}')
  end
end

local function close(conn)
  if redis.call('ZREM', conns, conn) == 0 then return end
  local uid = redis.call('HGET', conn_user, conn)
  redis.call('HDEL', conn_user, conn)
  if not uid then return end
  if redis.call('HINCRBY', online, uid, -1) <= 0 then
    redis.call('HDEL', online, uid)
    local profile = redis.call('HGET', profiles, uid)
    redis.call('HDEL', profiles, uid)
    if profile then
      huddle_publish(stream, channel, maxlen, 'user_offline', '{"topic":"presence","user":' .. profile .. '}')
    end
  end
end

local function sweep(limit)
  local expired = redis.call('ZRANGEBYSCORE', conns, '-inf', now, 'LIMIT', 0, limit)
  for _, conn in ipairs(expired) do close(conn) end
  return #expired
end
"""
)

# ARGV[7]: the most streams one user may have open; over it nothing is written and 0 comes back.
_open = redis_client.register_script(
    _LIB
    + """
if tonumber(redis.call('HGET', online, ARGV[4]) or '0') >= tonumber(ARGV[7]) then return 0 end
open(ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6]))
return 1
"""
)
# A closed stream lingers for a grace period, so a reconnecting tab does not flash offline/online.
_linger = redis_client.register_script(
    _LIB
    + """
if redis.call('ZSCORE', conns, ARGV[3]) then redis.call('ZADD', conns, now + tonumber(ARGV[4]), ARGV[3]) end
return 1
"""
)
# ARGV[3]: the most entries to retire in one call.
_sweep = redis_client.register_script(_LIB + "return sweep(tonumber(ARGV[3]))")
# Extends this process's entries; one that was swept meanwhile (a long pause) is opened again.
_refresh = redis_client.register_script(
    _LIB
    + """
local ttl = tonumber(ARGV[3])
for i = 4, #ARGV, 3 do
  if redis.call('ZSCORE', conns, ARGV[i]) then
    redis.call('ZADD', conns, now + ttl, ARGV[i])
  else
    open(ARGV[i], ARGV[i + 1], ARGV[i + 2], ttl)
  end
end
return 1
"""
)


def _keys_and_args() -> tuple[list[str], list[str | int]]:
    stream, channel, maxlen = publish_args(TOPIC)
    return [*_KEYS, stream], [channel, maxlen]


def profile_json(user: PublicUser) -> str:
    return user.model_dump_json()


async def open_stream(stream_id: str, user: PublicUser, ttl_ms: int, limit: int) -> bool:
    """Register a stream, atomically refusing it (False) when the user already has `limit` open."""
    keys, args = _keys_and_args()
    return bool(await _open(keys=keys, args=[*args, stream_id, user.id, profile_json(user), ttl_ms, limit]))


async def close_stream(stream_id: str, grace_ms: int) -> None:
    """The stream is gone; its user goes offline after `grace_ms` unless another stream opens."""
    keys, args = _keys_and_args()
    await _linger(keys=keys, args=[*args, stream_id, grace_ms])


async def refresh_streams(streams: dict[str, PublicUser], ttl_ms: int) -> None:
    if not streams:
        return
    keys, args = _keys_and_args()
    triples: list[str | int] = []
    for stream_id, user in streams.items():
        triples += [stream_id, user.id, profile_json(user)]
    await _refresh(keys=keys, args=[*args, ttl_ms, *triples])


SWEEP_BATCH = 1000  # entries per script call, so Redis is never held long


async def sweep_expired() -> int:
    """Retire every expired stream, a batch per call: a killed process may leave tens of thousands."""
    total = 0
    while True:
        keys, args = _keys_and_args()
        swept: int = await _sweep(keys=keys, args=[*args, SWEEP_BATCH])
        total += swept
        if swept < SWEEP_BATCH:
            return total


async def online_users() -> list[PublicUser]:
    profiles = await redis_client.hvals("{presence}:profiles")
    users = [PublicUser.model_validate(json.loads(raw)) for raw in profiles]
    return sorted(users, key=lambda user: (user.display_name.lower(), user.id))
