"""One event of a topic, and the ordering of positions (Redis stream ids)."""

from dataclasses import dataclass, field

from sse_starlette import ServerSentEvent

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
    # The `event:` and `data:` lines, encoded once per event and process: a delivery to one more
    # stream only adds its own `id:` line (the field order within an SSE event does not matter).
    wire: bytes = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "wire", ServerSentEvent(data=self.data, event=self.type).encode())

    @property
    def order(self) -> StreamId:
        return parse_stream_id(self.position)
