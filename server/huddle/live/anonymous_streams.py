"""Open event streams of visitors who are not logged in (room guests), per client address.

A logged-in user's streams are counted over all processes, with their presence
(HUDDLE_MAX_STREAMS_PER_USER). Visitors have no presence entry; this cap keeps one address from
opening streams without end and filling a process's memory, so it is counted where that memory
is: per process. The address is the client's as uvicorn sees it (behind nginx, the
X-Forwarded-For that loopback proxy sets), and is shared by everyone behind one NAT, hence a
generous default.
"""

from collections import Counter


class AnonymousStreams:
    def __init__(self) -> None:
        self._open: Counter[str] = Counter()

    def count(self, address: str) -> int:
        return self._open[address]

    def opened(self, address: str) -> None:
        self._open[address] += 1

    def closed(self, address: str) -> None:
        self._open[address] -= 1
        if self._open[address] <= 0:
            del self._open[address]


anonymous_streams = AnonymousStreams()
