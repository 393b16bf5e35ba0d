"""Polls in Redis. Every key of poll <id> shares the tag `{poll:<id>}`, the same as its topic:

    {poll:<id>}:meta        String, JSON: question, options [{id, text}], multiple, closes_at (ms),
                            results_visibility, author (public user), created_at, closed.
    {poll:<id>}:counts      Hash: option id -> votes, `_voters` -> voters, `_version` -> version.
    {poll:<id>}:ballots     Hash: user id -> JSON list of that user's option ids (never exposed).
    {poll:<id>}:idem:<user>:<key>
                            String, JSON {hash, response}, 24 h: an Idempotency-Key's first answer.
    {poll:<id>}:events      The topic `poll:<id>` (realtime core): poll_counts, poll_closed, poll_deleted.
    {polls}:closing         Sorted set: poll id -> closes_at (ms), for polls that close by time: the
                            closer (feed/closer.py) marks them closed and publishes poll_closed.
    {idem:<user>}:vote:<key>
                            String, the request hash, 24 h: which vote request an Idempotency-Key
                            was first used for, over all polls (the per-poll record above cannot
                            see a reuse of the key on another poll).

A vote, change or retraction is one Lua script: it checks the poll, moves the ballot, adjusts the
counts, bumps the version and publishes the absolute counts. Counts can never drift from ballots.
"""

import json
from typing import Any

from huddle.db import redis_client
from huddle.live.publish import PUBLISH_LUA, publish_args

IDEMPOTENCY_TTL_SECONDS = 24 * 3600


def topic(poll_id: str) -> str:
    return f"poll:{poll_id}"


def _key(poll_id: str, part: str) -> str:
    return f"{{poll:{poll_id}}}:{part}"


_COMMON = (
    PUBLISH_LUA
    + """
local meta_key, counts_key, ballots_key, stream = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local channel, maxlen = ARGV[1], ARGV[2]

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function is_closed(meta)
  return meta.closed or (meta.closes_at ~= cjson.null and meta.closes_at ~= nil and meta.closes_at <= now_ms())
end

-- JSON of the absolute counts, in option order; `show` false hides them (null).
local function results_json(poll_id, meta, show, my_vote_json)
  local options = 'null'
  if show then
    local parts = {}
    for i, option in ipairs(meta.options) do
      local votes = tonumber(redis.call('HGET', counts_key, option.id) or '0')
      parts[i] = '{"id":' .. cjson.encode(option.id) .. ',"votes":' .. votes .. '}'
    end
    options = '[' .. table.concat(parts, ',') .. ']'
  end
  local voters = tonumber(redis.call('HGET', counts_key, '_voters') or '0')
  local version = tonumber(redis.call('HGET', counts_key, '_version') or '0')
  local closed = is_closed(meta) and 'true' or 'false'
  return '"poll_id":' .. cjson.encode(poll_id) .. ',"options":' .. options .. ',"voters":' .. voters
    .. ',"version":' .. version .. ',"closed":' .. closed .. ',"my_vote":' .. my_vote_json
end

local function publicly_visible(meta)
  return meta.results_visibility == 'always' or is_closed(meta)
end

local function publish_results(poll_id, meta, event_type)
  local body = results_json(poll_id, meta, publicly_visible(meta), '[]')
  huddle_publish(stream, channel, maxlen, event_type, '{"topic":"poll:' .. poll_id .. '",' .. body .. '}')
end
"""
)

_create = redis_client.register_script(
    _COMMON
    + """
if redis.call('SET', meta_key, ARGV[3], 'NX') == false then return 0 end
local meta = cjson.decode(ARGV[3])
for _, option in ipairs(meta.options) do redis.call('HSET', counts_key, option.id, 0) end
redis.call('HSET', counts_key, '_voters', 0, '_version', 0)
return 1
"""
)

_vote = redis_client.register_script(
    _COMMON
    + """
local idem_key, poll_id, user_id, choice_json = KEYS[5], ARGV[3], ARGV[4], ARGV[5]
local request_hash, use_idem = ARGV[6], ARGV[7] == '1'

local meta_raw = redis.call('GET', meta_key)
if not meta_raw then return '{"error":"not_found"}' end
if use_idem then
  local prior = redis.call('GET', idem_key)
  if prior then
    local record = cjson.decode(prior)
    if record.hash ~= request_hash then return '{"error":"idempotency_mismatch"}' end
    return record.response
  end
end
local meta = cjson.decode(meta_raw)
if is_closed(meta) then return '{"error":"closed"}' end

local choice = cjson.decode(choice_json)
local valid = {}
for _, option in ipairs(meta.options) do valid[option.id] = true end
for _, id in ipairs(choice) do
  if not valid[id] then return cjson.encode({error = 'unknown_option', option = id}) end
end
if not meta.multiple and #choice > 1 then return '{"error":"single_choice"}' end

local previous_json = redis.call('HGET', ballots_key, user_id) or '[]'
if previous_json ~= choice_json then
  for _, id in ipairs(cjson.decode(previous_json)) do
    if valid[id] then redis.call('HINCRBY', counts_key, id, -1) end
  end
  for _, id in ipairs(choice) do redis.call('HINCRBY', counts_key, id, 1) end
  if previous_json == '[]' then redis.call('HINCRBY', counts_key, '_voters', 1) end
  if #choice == 0 then
    redis.call('HINCRBY', counts_key, '_voters', -1)
    redis.call('HDEL', ballots_key, user_id)
  else
    redis.call('HSET', ballots_key, user_id, choice_json)
  end
  redis.call('HINCRBY', counts_key, '_version', 1)
  publish_results(poll_id, meta, 'poll_counts')
end

local show = publicly_visible(meta) or (meta.results_visibility == 'after_vote' and #choice > 0)
local response = '{' .. results_json(poll_id, meta, show, choice_json) .. '}'
if use_idem then
  redis.call('SET', idem_key, cjson.encode({hash = request_hash, response = response}), 'EX', ARGV[8])
end
return response
"""
)

_close = redis_client.register_script(
    _COMMON
    + """
local poll_id, user_id = ARGV[3], ARGV[4]
local meta_raw = redis.call('GET', meta_key)
if not meta_raw then return '{"error":"not_found"}' end
local meta = cjson.decode(meta_raw)
if meta.author.id ~= user_id then return '{"error":"forbidden"}' end
if not meta.closed then
  meta.closed = true
  redis.call('SET', meta_key, cjson.encode(meta))
  redis.call('HINCRBY', counts_key, '_version', 1)
  publish_results(poll_id, meta, 'poll_closed')
end
return '{"ok":true}'
"""
)

# Idempotent: whichever process gets there first closes the poll; the others find it closed.
_close_by_time = redis_client.register_script(
    _COMMON
    + """
local poll_id = ARGV[3]
local meta_raw = redis.call('GET', meta_key)
if not meta_raw then return 'missing' end
local meta = cjson.decode(meta_raw)
if meta.closed or meta.closes_at == cjson.null then return 'done' end
if meta.closes_at > now_ms() then return 'not_due' end
meta.closed = true
redis.call('SET', meta_key, cjson.encode(meta))
redis.call('HINCRBY', counts_key, '_version', 1)
publish_results(poll_id, meta, 'poll_closed')
return 'closed'
"""
)

_delete = redis_client.register_script(
    _COMMON
    + """
local poll_id, user_id = ARGV[3], ARGV[4]
local meta_raw = redis.call('GET', meta_key)
if not meta_raw then return '{"error":"not_found"}' end
if cjson.decode(meta_raw).author.id ~= user_id then return '{"error":"forbidden"}' end
redis.call('DEL', meta_key, counts_key, ballots_key)
local deleted = '{"topic":"poll:' .. poll_id .. '","poll_id":"' .. poll_id .. '"}'
huddle_publish(stream, channel, maxlen, 'poll_deleted', deleted)
redis.call('EXPIRE', stream, 86400)
return '{"ok":true}'
"""
)


def _keys(poll_id: str) -> list[str]:
    stream, _, _ = publish_args(topic(poll_id))
    return [_key(poll_id, "meta"), _key(poll_id, "counts"), _key(poll_id, "ballots"), stream]


def _base_args(poll_id: str) -> list[str | int]:
    _, channel, maxlen = publish_args(topic(poll_id))
    return [channel, maxlen]


async def create(poll_id: str, meta: dict[str, Any]) -> bool:
    created: int = await _create(keys=_keys(poll_id), args=[*_base_args(poll_id), json.dumps(meta)])
    return bool(created)


async def vote(
    poll_id: str, user_id: str, choice: list[str], idempotency_key: str | None, request_hash: str
) -> dict[str, Any]:
    idem_key = _key(poll_id, f"idem:{user_id}:{idempotency_key or '-'}")
    raw: str = await _vote(
        keys=[*_keys(poll_id), idem_key],
        args=[
            *_base_args(poll_id),
            poll_id,
            user_id,
            json.dumps(choice, separators=(",", ":")),
            request_hash,
            "1" if idempotency_key else "0",
            IDEMPOTENCY_TTL_SECONDS,
        ],
    )
    result: dict[str, Any] = json.loads(raw)
    return result


async def claim_idempotency_key(user_id: str, idempotency_key: str, request_hash: str) -> bool:
    """Tie the key to this request; False when it was first used for a different one."""
    key = f"{{idem:{user_id}}}:vote:{idempotency_key}"
    first_use = await redis_client.set(key, request_hash, nx=True, ex=IDEMPOTENCY_TTL_SECONDS, get=True)
    return first_use is None or first_use == request_hash


_CLOSING = "{polls}:closing"


async def schedule_close(poll_id: str, closes_at_ms: int) -> None:
    await redis_client.zadd(_CLOSING, {poll_id: closes_at_ms})


async def due_closings(now_ms: int, limit: int = 100) -> list[tuple[str, int]]:
    """(poll id, closes_at ms) of the polls due by this process's clock."""
    due = await redis_client.zrangebyscore(_CLOSING, "-inf", now_ms, start=0, num=limit, withscores=True)
    return [(str(entry[0]), int(entry[1])) for entry in due]


async def close_by_time(poll_id: str) -> str:
    """Close a poll whose time has come, by Redis's clock, and announce it: 'closed'; or 'done'
    (closed already, or no closing time), 'not_due' (this process's clock runs ahead), 'missing'."""
    outcome: str = await _close_by_time(keys=_keys(poll_id), args=[*_base_args(poll_id), poll_id])
    return outcome


async def unschedule_close(poll_id: str) -> None:
    await redis_client.zrem(_CLOSING, poll_id)


async def close(poll_id: str, user_id: str) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(
        await _close(keys=_keys(poll_id), args=[*_base_args(poll_id), poll_id, user_id])
    )
    return result


async def delete(poll_id: str, user_id: str) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(
        await _delete(keys=_keys(poll_id), args=[*_base_args(poll_id), poll_id, user_id])
    )
    return result


async def load(poll_ids: list[str], user_id: str) -> dict[str, tuple[dict[str, Any], dict[str, str], list[str]]]:
    """Per existing poll: (meta, counts hash, this user's choice)."""
    async with redis_client.pipeline(transaction=False) as pipe:
        for poll_id in poll_ids:
            pipe.get(_key(poll_id, "meta"))
            pipe.hgetall(_key(poll_id, "counts"))
            pipe.hget(_key(poll_id, "ballots"), user_id)
        replies = await pipe.execute()
    loaded = {}
    for index, poll_id in enumerate(poll_ids):
        meta_raw, counts, ballot = replies[3 * index : 3 * index + 3]
        if meta_raw:
            loaded[poll_id] = (json.loads(meta_raw), counts, json.loads(ballot) if ballot else [])
    return loaded


async def recount_from_ballots(poll_id: str) -> dict[str, int]:
    """Counts recomputed from the ballots (for checks and benchmarks, not the hot path)."""
    ballots = await redis_client.hvals(_key(poll_id, "ballots"))
    counts: dict[str, int] = {"_voters": len(ballots)}
    for ballot in ballots:
        for option_id in json.loads(ballot):
            counts[option_id] = counts.get(option_id, 0) + 1
    return counts
