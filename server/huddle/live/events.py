"""One event of a topic, and the ordering of positions (Redis stream ids)."""

from dataclasses import dataclass

StreamId = tuple[int, int]
BEFORE_EVERYTHING = "0-0"


def parse_stream_id(raw: str) -> StreamId:
    ms, _, seq = raw.partition("-")
    return int(ms), int(seq or 0)


def is_stream_id(raw: str) -> bool:
    ms, sep, seq = raw.partition("-")
    return ms.isdigit() and (not sep or seq.isdigit()) and len(raw) <= 41


@dataclass(frozen=True, slots=True)
class LiveEvent:
    topic: str
    position: str  # the Redis stream entry id
    type: str
    data: str  # JSON object text; it names its topic

    @property
    def order(self) -> StreamId:
        return parse_stream_id(self.position)
