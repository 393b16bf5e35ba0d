"""The SSE `id:` of a multi-topic stream: the last position seen in each topic.

Format: `topic=position;topic=position`, e.g. `presence=1732240000000-0;poll:42=1732240000123-3`.
Readable in logs and devtools; topic names never contain `=` or `;`.
"""

from huddle.live.events import is_stream_id
from huddle.live.topics import is_valid_topic

Cursor = dict[str, str]


def encode_cursor(cursor: Cursor) -> str:
    return ";".join(f"{topic}={position}" for topic, position in sorted(cursor.items()))


def decode_cursor(raw: str | None) -> Cursor:
    """Parse a Last-Event-ID; anything malformed is dropped, which only costs that topic a resync."""
    cursor: Cursor = {}
    if not raw:
        return cursor
    for part in raw.split(";")[:100]:
        topic, sep, position = part.partition("=")
        if sep and is_valid_topic(topic) and is_stream_id(position):
            cursor[topic] = position
    return cursor
