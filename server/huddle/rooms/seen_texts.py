"""The texts a seed WebSocket client may be typing on, each with its document state.

A seed client sends whole texts, each built on the last text it had: the one it last sent, or one we
sent it since. Texts we sent it before its last message are no base any more (it had moved on), so
each of its messages drops them. Otherwise a big delete is "explained" by an insert on the empty text
it started from, and duplicates the document.

Texts we sent after its last message may still be on their way to it (it lags under load), so its
next text may be built on any of them: it is diffed against the one that needs the smallest edit,
the newest on a tie. Diffing against a newer text than the client had would undo what others did
meanwhile. An older text is no candidate when the edit from it would be
- nothing: a client sends a text because it changed it, so it is the newer text, reverted;
- mostly a copy of what others inserted since at that spot (a part of a paste it deletes the
  rest of): the client saw their insert, and merging the "copy" with it would duplicate it.

Unacknowledged texts stay for a time window, not a fixed count (100 updates a second would push the
right one out of any small count); a byte cap bounds memory for big documents.
"""

import sys
import time
from dataclasses import dataclass, field

from huddle.rooms.documents import edit_size, inserted_text

WINDOW_SECONDS = 10.0
MAX_BYTES = 16 * 1024 * 1024


@dataclass(eq=False)
class SeenText:
    text: str
    state: bytes
    added: float = field(default_factory=time.monotonic)

    @property
    def size(self) -> int:
        return sys.getsizeof(self.text) + len(self.state)


class SeenTexts:
    def __init__(self, window: float = WINDOW_SECONDS, max_bytes: int = MAX_BYTES) -> None:
        self.window = window
        self.max_bytes = max_bytes
        # In the order the client receives them: the last is what it has once all have arrived.
        self._entries: list[SeenText] = []

    def clear(self) -> None:
        self._entries.clear()

    def add(self, text: str, state: bytes) -> None:
        """A text sent to the client."""
        self._entries.append(SeenText(text, state))
        self._prune()

    def base_for(self, code: str) -> SeenText:
        """The text the client most likely built `code` on (see the module docstring)."""
        self._prune()
        if not self._entries:
            raise LookupError("no text seen yet")
        newest = self._entries[-1]
        best, best_size = newest, edit_size(newest.text, code)
        for entry in reversed(self._entries[:-1]):
            # The length difference is a lower bound of the edit: skip the comparison when it cannot win.
            if abs(len(entry.text) - len(code)) >= best_size:
                continue
            size = edit_size(entry.text, code)
            if 0 < size < best_size and not _copies_others(entry.text, newest.text, code):
                best, best_size = entry, size
        return best

    def sent_by_client(self, base: SeenText, code: str, state: bytes) -> None:
        """The client sent `code`, built on `base`: texts before it are no base any more."""
        if base in self._entries:
            del self._entries[: self._entries.index(base) + 1]
        # Before the texts still on their way to it: it receives those after having `code`.
        self._entries.insert(0, SeenText(code, state))
        self._prune()

    def _prune(self) -> None:
        # The last entry always stays: it is what the client has once everything has arrived.
        cutoff = time.monotonic() - self.window
        keep = [entry for entry in self._entries[:-1] if entry.added >= cutoff] + self._entries[-1:]
        total = sum(entry.size for entry in keep)
        while total > self.max_bytes and len(keep) > 1:
            oldest = min(keep[:-1], key=lambda entry: entry.added)
            keep.remove(oldest)
            total -= oldest.size
        self._entries = keep


def _copies_others(older: str, newest: str, code: str) -> bool:
    """Whether the text `code` inserts into `older` is mostly the start and end of what others
    inserted into it since (`newest`)."""
    mine, theirs = inserted_text(older, code), inserted_text(older, newest)
    if not mine or not theirs:
        return False
    shared = (len(mine) + len(theirs) - edit_size(theirs, mine)) // 2
    return shared * 2 > len(mine)
