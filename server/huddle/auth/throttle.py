"""Throttles on password guessing and account creation, counted in Redis (all processes share them).

Failed logins are counted three ways, so that nobody can lock an owner out of their account:
- per (address, username): after HUDDLE_LOGIN_MAX_FAILURES the pair gets 429 for the window;
- per address, whatever the usernames: after HUDDLE_LOGIN_MAX_FAILURES_PER_ADDRESS, 429 for the
  window (one address spraying many usernames);
- per username, from all addresses: after HUDDLE_LOGIN_USERNAME_BACKOFF_AFTER failures attempts
  on the name are spaced out (1 s, 2 s, 4 s ... up to HUDDLE_LOGIN_USERNAME_BACKOFF_MAX_SECONDS),
  never refused for longer, so the owner logging in from a new address waits seconds at most.
Signups are counted per address per hour (each costs an Argon2 hash and creates an account).

Key layout (owned by auth):

    {login_address:<address>}:failures            Integer, expires with the window.
    {login_address:<address>}:user:<username>     Integer, expires with the window.
    {login:<username>}:failures                   Integer, expires with the window.
    {login:<username>}:next_attempt               String with expiry: an attempt took the slot.
    {signup_address:<address>}:<hour>             Integer, expires after the hour.
"""

import time

from huddle.config import get_settings
from huddle.db import redis_client
from huddle.errors import ApiError

_address_wait = redis_client.register_script(
    """
    for i, limit in ipairs({tonumber(ARGV[1]), tonumber(ARGV[2])}) do
        if tonumber(redis.call('GET', KEYS[i]) or '0') >= limit then
            return math.max(redis.call('TTL', KEYS[i]), 1)
        end
    end
    return 0
    """
)

# Takes the username's slot when it is in backoff: of attempts racing for it exactly one goes ahead.
_username_wait = redis_client.register_script(
    """
    local failures = tonumber(redis.call('GET', KEYS[1]) or '0')
    local after = tonumber(ARGV[1])
    if failures < after then return 0 end
    local gap = math.min(2 ^ (failures - after), tonumber(ARGV[2]))
    if redis.call('SET', KEYS[2], '1', 'NX', 'EX', math.max(math.floor(gap), 1)) then return 0 end
    return math.max(redis.call('TTL', KEYS[2]), 1)
    """
)

_count_in_window = redis_client.register_script(
    """
    local count = 0
    for _, key in ipairs(KEYS) do
        count = redis.call('INCR', key)
        if count == 1 then redis.call('EXPIRE', key, ARGV[1]) end
    end
    return count
    """
)


def _address_keys(address: str, username: str) -> list[str]:
    return [f"{{login_address:{address}}}:failures", f"{{login_address:{address}}}:user:{username}"]


def _username_keys(username: str) -> list[str]:
    return [f"{{login:{username}}}:failures", f"{{login:{username}}}:next_attempt"]


def _too_many(wait: int, what: str) -> ApiError:
    return ApiError(429, f"too many {what}; try again in {wait} seconds", headers={"Retry-After": str(wait)})


async def check_login_allowed(address: str, username: str) -> None:
    """Raises 429 when this address, this pair or (for now) this username may not try a password."""
    settings = get_settings()
    wait = int(
        await _address_wait(
            keys=_address_keys(address, username),
            args=[settings.login_max_failures_per_address, settings.login_max_failures],
        )
    )
    if wait:
        raise _too_many(wait, "failed logins")
    wait = int(
        await _username_wait(
            keys=_username_keys(username),
            args=[settings.login_username_backoff_after, settings.login_username_backoff_max_seconds],
        )
    )
    if wait:
        raise _too_many(wait, "failed logins for this username")


async def record_login_failure(address: str, username: str) -> None:
    window = get_settings().login_failure_window_seconds
    await _count_in_window(keys=_address_keys(address, username), args=[window])
    await _count_in_window(keys=_username_keys(username)[:1], args=[window])


async def record_login_success(address: str, username: str) -> None:
    # The address's own count stays: logging into one's own account must not wash away guesses.
    await redis_client.delete(_address_keys(address, username)[1])
    await redis_client.delete(*_username_keys(username))


async def count_signup(address: str) -> None:
    """Counts a signup attempt of the address; 429 beyond the hourly limit."""
    limit = get_settings().signups_per_address_per_hour
    now = time.time()
    hour = int(now // 3600)
    count = int(await _count_in_window(keys=[f"{{signup_address:{address}}}:{hour}"], args=[3601]))
    if count > limit:
        wait = max(1, int((hour + 1) * 3600 - now))
        raise _too_many(wait, f"signups from this address (at most {limit} an hour)")
