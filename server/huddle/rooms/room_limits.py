"""What visitors may do to rooms, counted in Redis so the limits hold over every API process.

    {room_creations:<address>}:<hour>        Integer: rooms created from the address this hour.
    {room_lookup_misses:<address>}:<minute>  Integer: lookups of unknown room ids this minute.
    {anonymous_rooms}                        Sorted set: room id -> when it expires (ms), for rooms
                                             created by visitors who are not logged in (the budget).

Each key is its own slot; no script touches two of them. The budget's scores are the rooms' expiry
when last looked at: a room kept alive by activity gets its score renewed from its TTL when it
reaches the front, a room that expired is dropped, so the set counts rooms that exist.
"""

import time

from huddle.config import get_settings
from huddle.db import redis_client
from huddle.errors import ApiError
from huddle.rooms import documents_repository as docs

_BUDGET_KEY = "{anonymous_rooms}"

_count_in_window = redis_client.register_script(
    """
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], tonumber(ARGV[1])) end
return n
"""
)

# ARGV: room id, its expiry (ms), budget. 1 when reserved, 0 when the budget is spent.
_reserve = redis_client.register_script(
    """
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], tonumber(ARGV[2]), ARGV[1])
return 1
"""
)


def _retry_after(now: float, window_seconds: int) -> str:
    return str(max(1, int((now // window_seconds + 1) * window_seconds - now)))


async def count_room_creation(address: str) -> None:
    """429 once the address created its hourly share of rooms."""
    limit = get_settings().room_creations_per_address_per_hour
    now = time.time()
    count = int(await _count_in_window(keys=[f"{{room_creations:{address}}}:{int(now // 3600)}"], args=[3601]))
    if count > limit:
        raise ApiError(
            429,
            f"too many rooms created from this address (at most {limit} an hour); reuse one or try later",
            headers={"Retry-After": _retry_after(now, 3600)},
        )


def _misses_key(address: str, now: float) -> str:
    return f"{{room_lookup_misses:{address}}}:{int(now // 60)}"


async def check_lookups(address: str) -> None:
    """429 for every room lookup from an address that has guessed too many unknown ids this minute.
    Known rooms are refused too: a refusal only for unknown ids would itself answer the guess."""
    limit = get_settings().room_lookup_misses_per_address_per_minute
    now = time.time()
    if int(await redis_client.get(_misses_key(address, now)) or 0) >= limit:
        raise ApiError(
            429,
            f"too many lookups of rooms that do not exist from this address (at most {limit} a minute)",
            headers={"Retry-After": _retry_after(now, 60)},
        )


async def count_miss(address: str) -> None:
    await _count_in_window(keys=[_misses_key(address, time.time())], args=[61])


async def reserve_anonymous_room(room_id: str) -> bool:
    """Take one place of the anonymous budget for `room_id`; False when none is left."""
    settings = get_settings()
    await _forget_expired()
    expiry = int(time.time() * 1000) + settings.room_ttl_seconds * 1000
    return bool(await _reserve(keys=[_BUDGET_KEY], args=[room_id, expiry, settings.anonymous_room_budget]))


async def release_anonymous_room(room_id: str) -> None:
    await redis_client.zrem(_BUDGET_KEY, room_id)


async def anonymous_rooms_in_use() -> int:
    return int(await redis_client.zcard(_BUDGET_KEY))


async def _forget_expired() -> None:
    now_ms = int(time.time() * 1000)
    due = await redis_client.zrangebyscore(_BUDGET_KEY, "-inf", now_ms, start=0, num=100)
    for room_id in (str(member) for member in due):
        # The room lives in another slot: read its TTL apart and renew or drop its place.
        remaining_ms = int(await redis_client.pttl(docs.key(room_id, "meta")))
        if remaining_ms > 0:
            await redis_client.zadd(_BUDGET_KEY, {room_id: now_ms + remaining_ms}, xx=True)
        else:
            await redis_client.zrem(_BUDGET_KEY, room_id)
