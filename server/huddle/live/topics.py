"""Topic names and where each topic lives in Redis.

Key layout (owned by the realtime core):

    {<topic>}:events   Stream, capped at ~HUDDLE_HISTORY_SIZE entries: the topic's history.
                       Entry id = the event's position; fields `t` (event type) and `d` (JSON data).
    {<topic>}:events   Pub/sub channel of the same name: every appended entry is announced as
                       "<entry id> <type> <json data>".

The topic name is the hash tag, so a domain that keeps an entity's data under the same tag
(`{poll:42}:counts`) can write the data and publish its event in one Lua script, also on Redis Cluster.
"""

import re

TOPIC_PATTERN = re.compile(r"^[a-z][a-z_]{0,30}(:[A-Za-z0-9_-]{1,64})?$")


def is_valid_topic(topic: str) -> bool:
    return bool(TOPIC_PATTERN.match(topic))


def topic_kind(topic: str) -> str:
    """`poll:42` -> `poll`; `presence` -> `presence`."""
    return topic.split(":", 1)[0]


def stream_key(topic: str) -> str:
    return f"{{{topic}}}:events"


def channel_name(topic: str) -> str:
    return f"{{{topic}}}:events"


def topic_of_channel(channel: str) -> str:
    # "{poll:42}:events" -> "poll:42"
    return channel[1 : channel.rindex("}")]
