"""The texts a seed WebSocket client may be typing on, each with its document state.

A seed client sends whole texts, built on whatever text it last had. Under load it lags: dozens of
texts may be on their way to it when it sends one built on an older text. Its edit must be made
against the state it actually saw, or others' inserts it never saw look like deletions. So every
text it had stays here for a time window, not a fixed count (100 updates a second would push the
right one out of any small count); a byte cap bounds memory for big documents.
"""

import sys
import time
from collections import deque

from huddle.rooms.documents import edit_size

WINDOW_SECONDS = 10.0
MAX_BYTES = 16 * 1024 * 1024


class SeenTexts:
    def __init__(self, window: float = WINDOW_SECONDS, max_bytes: int = MAX_BYTES) -> None:
        self.window = window
        self.max_bytes = max_bytes
        # (when, text, document state), oldest first.
        self._entries: deque[tuple[float, str, bytes]] = deque()
        self._bytes = 0

    def clear(self) -> None:
        self._entries.clear()
        self._bytes = 0

    def add(self, text: str, state: bytes) -> None:
        self._entries.append((time.monotonic(), text, state))
        self._bytes += _size(text, state)
        self._prune()

    def closest(self, code: str) -> bytes:
        """The state whose text needs the smallest edit to become `code`; the newest on a tie (it
        holds the most of what others did, so the least is merged concurrently)."""
        self._prune()
        best: tuple[int, bytes] | None = None
        for _, text, state in reversed(self._entries):
            # The length difference is a lower bound of the edit: skip the comparison when it cannot win.
            if best is not None and abs(len(text) - len(code)) >= best[0]:
                continue
            size = edit_size(text, code)
            if best is None or size < best[0]:
                best = (size, state)
                if size == 0:
                    break
        if best is None:
            raise LookupError("no text seen yet")
        return best[1]

    def _prune(self) -> None:
        # The newest entry always stays: it is what the client has now.
        cutoff = time.monotonic() - self.window
        while len(self._entries) > 1 and (self._entries[0][0] < cutoff or self._bytes > self.max_bytes):
            _, text, state = self._entries.popleft()
            self._bytes -= _size(text, state)


def _size(text: str, state: bytes) -> int:
    return sys.getsizeof(text) + len(state)
