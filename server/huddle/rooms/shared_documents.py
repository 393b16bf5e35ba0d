"""One pycrdt copy of a room's document per API process, shared by all its seed WebSockets.

A full room is ~1 MB of text and ~1 MB of Yjs state; a copy per socket made 300 idle sockets cost
~900 MB. Here the sockets of a room share one document, its text and its encoded state (computed
once per change, so the texts each socket remembers as sent are the same objects, not copies), and
an update event is applied once however many sockets relay it. Applying a Yjs update twice is
harmless (a CRDT is idempotent), so skipping repeats by event position only saves work.
When the last socket of a room closes, its document is dropped and the freed heap handed back to
the operating system.
"""

import asyncio
import contextlib
import ctypes
from typing import Any

from pycrdt import Doc

from huddle.live.events import StreamId, parse_stream_id
from huddle.rooms import documents, service


class SharedDocument:
    def __init__(self, room_id: str) -> None:
        self.room_id = room_id
        self.epoch = ""
        self.doc: Doc[Any] = Doc()
        self.users = 0
        self._last_event: StreamId = (0, 0)
        self._text: str | None = None
        self._state: bytes | None = None
        self._reloading = asyncio.Lock()

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = documents.text_of(self.doc)
        return self._text

    @property
    def state(self) -> bytes:
        if self._state is None:
            self._state = self.doc.get_update()
        return self._state

    def apply(self, update: bytes) -> None:
        # Always forget the cached text: a deletion changes it without changing the state vector.
        self.doc.apply_update(update)
        self._text = self._state = None

    def apply_event(self, position: str, update: bytes) -> None:
        """An update from the room's topic: every socket of the room relays it, it is applied once."""
        order = parse_stream_id(position)
        if order <= self._last_event:
            return
        self._last_event = order
        self.apply(update)

    async def load_once(self) -> None:
        async with self._reloading:
            if not self.epoch:
                await self._load()

    async def reload(self, unless_epoch: str | None = None) -> None:
        """Read the whole document again (after a reset, an overflow, a reconnect). With
        `unless_epoch`, only when the document is not already of that epoch: several sockets see the
        same reset, one reload serves them all."""
        async with self._reloading:
            if unless_epoch is None or self.epoch != unless_epoch:
                await self._load()

    async def _load(self) -> None:
        epoch, state = await service.document_state(self.room_id)
        doc: Doc[Any] = Doc()
        doc.apply_update(state)
        self.epoch, self.doc = epoch, doc
        self._text = self._state = None
        self._last_event = (0, 0)


class SharedDocuments:
    def __init__(self) -> None:
        self._rooms: dict[str, SharedDocument] = {}

    async def acquire(self, room_id: str) -> SharedDocument:
        shared = self._rooms.get(room_id)
        if shared is None:
            shared = self._rooms[room_id] = SharedDocument(room_id)
        shared.users += 1
        try:
            await shared.load_once()
        except BaseException:
            self.release(shared)
            raise
        return shared

    def release(self, shared: SharedDocument) -> None:
        shared.users -= 1
        if shared.users <= 0 and self._rooms.get(shared.room_id) is shared:
            del self._rooms[shared.room_id]
            shared.doc = Doc()
            shared._text = shared._state = None
            _return_freed_memory()

    def __len__(self) -> int:
        return len(self._rooms)


def _return_freed_memory() -> None:
    # glibc keeps freed heap for reuse; a closed 1 MB room would otherwise stay in the RSS for good.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


shared_documents = SharedDocuments()
