"""Sessions in Redis: which signed session tokens still count.

Key layout (owned by auth, under the user's hash tag, next to `{user:<username>}:account`):

    {user:<username>}:sessions   Hash, session id -> expiry (Unix seconds). A token is good only
                                 while its id is here. Expires with the newest session; at most
                                 HUDDLE_MAX_SESSIONS_PER_USER fields (expired ones are pruned and
                                 the oldest ended when a login goes beyond that).
"""

import time

from huddle.db import redis_client


def sessions_key(user_id: str) -> str:
    return f"{{user:{user_id}}}:sessions"


# Expired fields are pruned only when the hash is over its limit, so a login stays O(1) normally.
_add_session = redis_client.register_script(
    """
    local now, limit = tonumber(ARGV[3]), tonumber(ARGV[4])
    redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
    redis.call('EXPIREAT', KEYS[1], ARGV[2])
    if redis.call('HLEN', KEYS[1]) <= limit then return 0 end
    local all = redis.call('HGETALL', KEYS[1])
    local live = {}
    for i = 1, #all, 2 do
        local expires_at = tonumber(all[i + 1]) or 0
        if expires_at <= now then
            redis.call('HDEL', KEYS[1], all[i])
        else
            table.insert(live, {all[i], expires_at})
        end
    end
    local ended = 0
    if #live > limit then
        table.sort(live, function(a, b) return a[2] < b[2] end)
        for i = 1, #live - limit do
            redis.call('HDEL', KEYS[1], live[i][1])
            ended = ended + 1
        end
    end
    return ended
    """
)

_end_other_sessions = redis_client.register_script(
    """
    local ended = 0
    for _, session_id in ipairs(redis.call('HKEYS', KEYS[1])) do
        if session_id ~= ARGV[1] then
            redis.call('HDEL', KEYS[1], session_id)
            ended = ended + 1
        end
    end
    return ended
    """
)


async def add_session(user_id: str, session_id: str, expires_at: int, max_sessions: int) -> None:
    await _add_session(keys=[sessions_key(user_id)], args=[session_id, expires_at, int(time.time()), max_sessions])


async def session_exists(user_id: str, session_id: str) -> bool:
    expires_at = await redis_client.hget(sessions_key(user_id), session_id)
    return expires_at is not None and int(expires_at) > time.time()


async def end_session(user_id: str, session_id: str) -> None:
    await redis_client.hdel(sessions_key(user_id), session_id)


async def end_all_sessions(user_id: str) -> None:
    await redis_client.delete(sessions_key(user_id))


async def end_other_sessions(user_id: str, keep_session_id: str) -> int:
    ended: int = await _end_other_sessions(keys=[sessions_key(user_id)], args=[keep_session_id])
    return ended
