"""Who is in a room and where their cursors are. Keys share the tag `{room_presence:<id>}`:

    {room_presence:<id>}:clients    Sorted set: client key -> expiry (ms). A client is one editor tab
                                    (its Yjs client id) or one seed WebSocket ("ws-<uuid>").
    {room_presence:<id>}:info       Hash: client key -> JSON {participant, awareness (base64), cursor}.
    {room_presence:<id>}:people     Hash: participant id -> open clients (present only while > 0).
    {room_presence:<id>}:ids        Hash: Yjs client id -> the client key using it. Browsers key
                                    cursors by client id, so an id in use by one participant's
                                    client is refused to every other participant.
    {room_presence:<id>}:events     The topic `room_presence:<id>`: awareness, user_joined, user_left.
    {room_presence:<id>}:colors     Hash: participant id -> colour (huddle.rooms.colors), held while the
                                    participant has clients; freed when the last one leaves or expires.
    {room_presence:<id>}:claims     Hash: participant id -> ms of a colour claimed before any client
                                    (the join answer): held COLOR_CLAIM_GRACE_MS, then free again.

Clients refresh their expiry on every cursor change and at least every 15 s; an expired client
(closed tab without a beacon, killed API process) is swept by whoever touches the room next.
"""

import json
from typing import Any, Literal

from huddle.db import redis_client
from huddle.live.publish import PUBLISH_LUA, publish_args


def topic(room_id: str) -> str:
    return f"room_presence:{room_id}"


def _key(room_id: str, part: str) -> str:
    return f"{{room_presence:{room_id}}}:{part}"


def _keys(room_id: str) -> list[str]:
    stream, _, _ = publish_args(topic(room_id))
    return [
        _key(room_id, "clients"),
        _key(room_id, "info"),
        _key(room_id, "people"),
        stream,
        _key(room_id, "ids"),
        _key(room_id, "colors"),
        _key(room_id, "claims"),
    ]


def _head(room_id: str) -> list[str | int]:
    _, channel, maxlen = publish_args(topic(room_id))
    return [channel, maxlen, topic(room_id)]


_LIB = (
    PUBLISH_LUA
    + """
local clients, info, people, stream, ids, colors, claims = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]
local channel, maxlen, topic = ARGV[1], ARGV[2], ARGV[3]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function touch(ttl) for i = 1, #KEYS do redis.call('EXPIRE', KEYS[i], ttl) end end
local function release(client, client_id)
  if client_id and redis.call('HGET', ids, client_id) == client then redis.call('HDEL', ids, client_id) end
end
local function event(kind, body)
  huddle_publish(stream, channel, maxlen, kind, '{"topic":"' .. topic .. '",' .. body .. '}')
end
"""
)

COLOR_CLAIM_GRACE_MS = 60_000

# ARGV: head(3), participant id, palette (comma-separated), grace ms, room ttl seconds.
_claim_color = redis_client.register_script(
    _LIB
    + """
local pid, palette, grace = ARGV[4], ARGV[5], tonumber(ARGV[6])
local held = redis.call('HGET', colors, pid)
if held then
  if redis.call('HEXISTS', people, pid) == 0 then redis.call('HSET', claims, pid, now) end
  return held
end
local used, holders = {}, redis.call('HGETALL', colors)
for i = 1, #holders, 2 do
  local owner, color = holders[i], holders[i + 1]
  local claimed = tonumber(redis.call('HGET', claims, owner) or '0')
  if redis.call('HEXISTS', people, owner) == 1 or claimed + grace > now then
    used[color] = (used[color] or 0) + 1
  else
    redis.call('HDEL', colors, owner)
    redis.call('HDEL', claims, owner)
  end
end
-- The first free colour; with more people than colours, the first of the least used.
local chosen, fewest = nil, nil
for color in string.gmatch(palette, '[^,]+') do
  local n = used[color] or 0
  if fewest == nil or n < fewest then chosen, fewest = color, n end
end
redis.call('HSET', colors, pid, chosen)
redis.call('HSET', claims, pid, now)
touch(tonumber(ARGV[7]))
return chosen
"""
)

# ARGV: head(3), client key, client id (number text), participant json, participant id, ttl ms,
# awareness b64 or '', cursor json or '', room ttl seconds.
_upsert = redis_client.register_script(
    _LIB
    + """
local client, client_id, participant, pid = ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local awareness, cursor = ARGV[9], ARGV[10]
local function foreign(holder)
  local expiry = redis.call('ZSCORE', clients, holder)
  local held = redis.call('HGET', info, holder)
  -- An expired holder is as good as gone: the next sweep removes it.
  return held and expiry and tonumber(expiry) > now and cjson.decode(cjson.decode(held).participant).id ~= pid
end
local holder = redis.call('HGET', ids, client_id)
if foreign(client) or (holder and holder ~= client and foreign(holder)) then return -1 end
-- The colour was claimed just before; if the participant's last client left meanwhile it was freed.
if redis.call('HGET', colors, pid) ~= cjson.decode(participant).color then return -2 end
redis.call('HDEL', claims, pid)
local known = redis.call('ZSCORE', clients, client)
redis.call('ZADD', clients, now + tonumber(ARGV[8]), client)
if not known then
  if redis.call('HINCRBY', people, pid, 1) == 1 then event('user_joined', '"participant":' .. participant) end
end
local record = {participant = participant, awareness = awareness, cursor = cursor, client_id = client_id}
local previous = known and redis.call('HGET', info, client)
if previous then
  local old = cjson.decode(previous)
  if awareness == '' then record.awareness, record.cursor = old.awareness, old.cursor end
  if old.client_id ~= client_id then release(client, old.client_id) end
end
redis.call('HSET', info, client, cjson.encode(record))
redis.call('HSET', ids, client_id, client)
if awareness ~= '' then
  event('awareness', '"client_id":' .. client_id .. ',"update":"' .. awareness .. '","participant":' .. participant
    .. ',"cursor":' .. (cursor ~= '' and cursor or 'null'))
end
touch(tonumber(ARGV[11]))
return known and 0 or 1
"""
)

# ARGV: head(3), client key, removal awareness b64 or ''.
_leave = redis_client.register_script(
    _LIB
    + """
local client, removal = ARGV[4], ARGV[5]
if redis.call('ZREM', clients, client) == 0 then return 0 end
local raw = redis.call('HGET', info, client)
redis.call('HDEL', info, client)
if not raw then return 1 end
local record = cjson.decode(raw)
local pid = cjson.decode(record.participant).id
release(client, record.client_id)
if removal ~= '' then
  event('awareness', '"client_id":' .. record.client_id .. ',"update":"' .. removal .. '","participant":'
    .. record.participant .. ',"cursor":null')
end
if redis.call('HINCRBY', people, pid, -1) <= 0 then
  redis.call('HDEL', people, pid)
  redis.call('HDEL', colors, pid)
  redis.call('HDEL', claims, pid)
  event('user_left', '"participant":' .. record.participant)
end
return 1
"""
)


async def upsert(
    room_id: str,
    client_key: str,
    client_id: int,
    participant: dict[str, Any],
    ttl_ms: int,
    awareness_b64: str,
    cursor: dict[str, int] | None,
    room_ttl: int,
) -> Literal["ok", "foreign", "recolor"]:
    """Register or refresh a client and publish joins and awareness. Nothing changes on "foreign"
    (its client id is in use by another participant's client) or "recolor" (the participant's colour
    is not the one they hold: claim again)."""
    args = [
        *_head(room_id),
        client_key,
        client_id,
        json.dumps(participant),
        participant["id"],
        ttl_ms,
        awareness_b64,
        json.dumps(cursor) if cursor else "",
        room_ttl,
    ]
    result = int(await _upsert(keys=_keys(room_id), args=args))
    outcomes: dict[int, Literal["ok", "foreign", "recolor"]] = {0: "ok", 1: "ok", -1: "foreign", -2: "recolor"}
    return outcomes[result]


async def claim_color(room_id: str, participant_id: str, palette: tuple[str, ...], room_ttl: int) -> str:
    """The participant's colour in the room: the one they hold, or the first nobody holds."""
    args = [*_head(room_id), participant_id, ",".join(palette), COLOR_CLAIM_GRACE_MS, room_ttl]
    color = await _claim_color(keys=_keys(room_id), args=args)
    return color.decode() if isinstance(color, bytes) else str(color)


async def leave(room_id: str, client_key: str, removal_b64: str) -> bool:
    return bool(await _leave(keys=_keys(room_id), args=[*_head(room_id), client_key, removal_b64]))


async def expired_clients(room_id: str) -> list[str]:
    import time

    now_ms = int(time.time() * 1000)
    return [str(c) for c in await redis_client.zrangebyscore(_key(room_id, "clients"), "-inf", now_ms)]


async def client_records(room_id: str) -> dict[str, dict[str, Any]]:
    raw = await redis_client.hgetall(_key(room_id, "info"))
    return {str(client): json.loads(record) for client, record in raw.items()}


async def client_record(room_id: str, client_key: str) -> dict[str, Any] | None:
    raw = await redis_client.hget(_key(room_id, "info"), client_key)
    return json.loads(raw) if raw else None
