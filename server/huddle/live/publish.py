"""Appending an event to a topic's history and announcing it, inside the caller's atomic step.

Domains write their data and publish in one Lua script: they prepend `PUBLISH_LUA` to their
script and call `huddle_publish(stream_key, channel, maxlen, type, json)`; the stream key must be
one of the script's KEYS. Events with no data write behind them use `publish()` below.
"""

import json
from typing import Any

from huddle.config import get_settings
from huddle.db import redis_client
from huddle.live.topics import channel_name, stream_key

PUBLISH_LUA = """
local function huddle_publish(stream, channel, maxlen, event_type, data)
  local id = redis.call('XADD', stream, 'MAXLEN', '~', maxlen, '*', 't', event_type, 'd', data)
  redis.call('PUBLISH', channel, id .. ' ' .. event_type .. ' ' .. data)
  return id
end
"""

_publish_only = redis_client.register_script(
    PUBLISH_LUA + "return huddle_publish(KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4])"
)


def event_json(topic: str, data: dict[str, Any]) -> str:
    return json.dumps({"topic": topic, **data}, separators=(",", ":"))


def publish_args(topic: str) -> tuple[str, str, int]:
    """(stream key, channel, maxlen) for a domain script that publishes to `topic`."""
    return stream_key(topic), channel_name(topic), get_settings().history_size


async def publish(topic: str, event_type: str, data: dict[str, Any]) -> str:
    stream, channel, maxlen = publish_args(topic)
    position: str = await _publish_only(keys=[stream], args=[channel, maxlen, event_type, event_json(topic, data)])
    return position
