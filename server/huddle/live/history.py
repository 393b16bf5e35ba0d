"""Reading a topic's history: what a reconnecting client missed, and where the topic ends now."""

from dataclasses import dataclass
from typing import Any

from huddle.db import redis_client
from huddle.live.events import BEFORE_EVERYTHING, LiveEvent
from huddle.live.topics import stream_key

# A client further behind than this is told to refetch instead of replaying.
MAX_REPLAY = 2000


@dataclass(frozen=True, slots=True)
class Replay:
    events: list[LiveEvent]
    complete: bool  # False: history no longer covers the gap, the client must resync


async def tail_position(topic: str) -> str:
    last = await redis_client.xrevrange(stream_key(topic), count=1)
    return str(last[0][0]) if last else BEFORE_EVERYTHING


async def events_after(topic: str, position: str) -> Replay:
    """The events after `position`, if history still holds all of them.

    Trimming only removes the oldest entries, so the gap is covered exactly when the entry at
    `position` is still there (or when nothing was ever trimmed, for a client that saw nothing).
    """
    key = stream_key(topic)
    if position == BEFORE_EVERYTHING:
        entries: list[Any] = list(await redis_client.xrange(key, count=MAX_REPLAY + 1) or [])
        if entries and await _was_trimmed(key):
            return Replay([], complete=False)
    else:
        # The entry at `position` itself, the replay, and one more to tell a replay that is too long.
        entries = list(await redis_client.xrange(key, min=position, count=MAX_REPLAY + 2) or [])
        if not entries or entries[0][0] != position:
            return Replay([], complete=False)
        entries = entries[1:]
    if len(entries) > MAX_REPLAY:
        return Replay([], complete=False)
    events = [LiveEvent(topic, str(entry_id), str(fields["t"]), str(fields["d"])) for entry_id, fields in entries]
    return Replay(events, complete=True)


async def _was_trimmed(key: str) -> bool:
    info = await redis_client.xinfo_stream(key)
    return int(info["entries-added"]) > int(info["length"])
