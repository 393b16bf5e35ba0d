"""Seed 003's WebSocket protocol, on top of the CRDT document.

Client -> server: `code_update` {code} (the whole text), `cursor_move` {position} (or {line, column}).
Server -> client: `init`, `code_update` {code, user_id}, `cursor_move` {user_id, name, color, position},
`user_joined`, `user_left`, `error` {message}. Unknown room: closed with code 4404.

Each connection keeps a pycrdt copy of the document, fed by the room's topic. A whole text from the
client becomes the smallest edit, made against a document state the client is known to have seen
(a text we sent it or it sent us), not against the newest one: edits by others that it has not
seen yet are then concurrent to its edit and survive the merge instead of being deleted.
(seen_texts.py says which texts count as seen.)
The connection's copy changes only with what the room accepted: a refused edit is answered with an
error and the stored text, so the client never drifts from the room.
"""

import asyncio
import contextlib
import json
import logging
import re
import uuid
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from pycrdt import Doc

from huddle.auth.service import get_user
from huddle.auth.tokens import SESSION_COOKIE, user_id_from_token
from huddle.config import get_settings
from huddle.errors import ApiError
from huddle.live.events import LiveEvent
from huddle.live.hub import Hub
from huddle.live.session import StreamSession
from huddle.observability import metrics
from huddle.rooms import awareness, documents, service
from huddle.rooms import documents_repository as docs
from huddle.rooms import participants_repository as people
from huddle.rooms.guests import GUEST_COOKIE, guest_from_token, new_guest
from huddle.rooms.schemas import ROOM_ID_PATTERN, Participant
from huddle.rooms.seen_texts import SeenTexts

log = logging.getLogger(__name__)
router = APIRouter()

CLOSE_NOT_FOUND = 4404
CLOSE_INVALID = 4422
REFRESH_SECONDS = 10


@router.websocket("/ws/{room_id}")
async def seed_socket(websocket: WebSocket, room_id: str) -> None:
    await websocket.accept()
    if not re.match(ROOM_ID_PATTERN, room_id):
        await websocket.close(CLOSE_INVALID, "room ids are 6 hex characters")
        return
    if not await service.room_exists(room_id):
        await websocket.close(CLOSE_NOT_FOUND, "room not found or expired")
        return
    participant = await _identify(websocket)
    await SeedConnection(websocket, room_id, participant, websocket.app.state.hub).run()


async def _identify(websocket: WebSocket) -> Participant:
    user_id = user_id_from_token(websocket.cookies.get(SESSION_COOKIE, ""))
    user = await get_user(user_id) if user_id else None
    known = service.participant_for(user, guest_from_token(websocket.cookies.get(GUEST_COOKIE)))
    return known or new_guest()


class SeedConnection:
    def __init__(self, websocket: WebSocket, room_id: str, participant: Participant, hub: Hub) -> None:
        self.websocket = websocket
        self.room_id = room_id
        self.participant = participant
        self.hub = hub
        self.client_key = f"ws-{uuid.uuid4().hex}"
        self.session = StreamSession(get_settings().stream_queue_size)
        self.topics = [docs.topic(room_id), people.topic(room_id)]
        self.doc: Doc[Any] = Doc()
        self.epoch = ""
        self.clock = 0
        self.seen = SeenTexts()

    async def run(self) -> None:
        subscribed: list[str] = []
        metrics.open_streams.labels("websocket").inc()
        try:
            for topic in self.topics:
                # Noted first: the hub holds the sink from the call on, even if the wait is cancelled.
                subscribed.append(topic)
                await self.hub.subscribe(topic, self.session)
            await self._reload()
            await self._announce(None)
            await self._send_init()
            tasks = {asyncio.create_task(work()) for work in (self._receive, self._forward, self._heartbeat)}
            done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            for task in pending:
                task.cancel()
            for task in done:
                with contextlib.suppress(WebSocketDisconnect, asyncio.CancelledError):
                    task.result()
        except ApiError as error:
            if error.status == 404:
                await self._close(CLOSE_NOT_FOUND, "room not found or expired")
        finally:
            metrics.open_streams.labels("websocket").dec()
            for topic in subscribed:
                await self.hub.unsubscribe(topic, self.session)
            with contextlib.suppress(Exception):
                await service.leave(self.room_id, self.client_key)

    async def _reload(self) -> None:
        epoch, state = await service.document_state(self.room_id)
        if epoch != self.epoch:
            # Texts of the discarded document are no base for an edit; within one epoch (a reload
            # after an overflow) they still are, and the client may still be typing on one of them.
            self.seen.clear()
        self.epoch = epoch
        self.doc = Doc()
        self.doc.apply_update(state)
        self._remember_sent()

    async def _send_init(self) -> None:
        records = await people.client_records(self.room_id)
        cursors = {}
        for record in records.values():
            if record.get("cursor"):
                owner = json.loads(record["participant"])["id"]
                cursors[owner] = {"position": json.loads(record["cursor"])["head"]}
        room = await service.get_room(self.room_id)
        await self._send(
            {
                "type": "init",
                "room_id": self.room_id,
                "user_id": self.participant.id,
                "name": self.participant.name,
                "color": self.participant.color,
                "language": room.language,
                "code": documents.text_of(self.doc),
                "users": [{"user_id": p.id, "name": p.name, "color": p.color} for p in room.participants],
                "cursors": cursors,
            }
        )

    async def _announce(self, position: int | None) -> None:
        """Register (or refresh) this connection, with a cursor web editors can draw."""
        update = ""
        cursor = None
        if position is not None:
            self.clock += 1
            state = awareness.seed_cursor_state(self.doc, self.participant.name, self.participant.color, position)
            update = awareness.encode_state(self.doc.client_id, self.clock, state)
            cursor = {"anchor": position, "head": position}
        await service.present(self.room_id, self.client_key, self.doc.client_id, self.participant, update, cursor)

    async def _receive(self) -> None:
        while True:
            raw = await self.websocket.receive_text()
            try:
                message = json.loads(raw)
                if not isinstance(message, dict):
                    raise ValueError
            except ValueError:
                await self._error("messages are JSON objects with a `type`")
                continue
            kind = message.get("type")
            if kind == "code_update":
                await self._code_update(message)
            elif kind == "cursor_move":
                await self._cursor_move(message)
            else:
                await self._error(f"unknown message type {str(kind)[:40]!r}; use code_update or cursor_move")

    async def _code_update(self, message: dict[str, Any]) -> None:
        code = message.get("code")
        if not isinstance(code, str):
            await self._error("code_update needs `code` (a string)")
            return
        if len(code.encode()) > get_settings().room_max_document_bytes:
            await self._refuse("the document is too large")
            return
        seen = self.seen.base_for(code)
        base: Doc[Any] = Doc()
        base.apply_update(seen.state)
        update = documents.replace_text(base, code)
        if update is None:
            self.seen.sent_by_client(seen, code, seen.state)
            return
        epoch = self.epoch
        try:
            await service.apply_update(
                self.room_id, self.epoch, documents.encode(update), self.doc.client_id, self.participant
            )
        except ApiError as error:
            if error.status == 409:  # reset meanwhile: adopt the new document
                await self._reload()
                await self._send_code()
            elif error.status == 404:
                raise
            else:
                await self._refuse(error.detail)
            return
        if self.epoch != epoch:
            return  # reset while it was sent: the room's new document was already sent to the client
        self.seen.sent_by_client(seen, code, base.get_update())
        self.doc.apply_update(update)
        if documents.text_of(self.doc) != code:
            # It typed on an older text: the merge also holds what others did meanwhile.
            await self._send_code()

    async def _cursor_move(self, message: dict[str, Any]) -> None:
        position = message.get("position", message.get("cursor"))
        if isinstance(position, dict):
            position = _offset(documents.text_of(self.doc), position)
        if not isinstance(position, int) or isinstance(position, bool) or position < 0:
            await self._error("cursor_move needs `position` (a character offset) or {line, column}")
            return
        await self._announce(position)

    async def _heartbeat(self) -> None:
        """Presence expires room_client_ttl_seconds after the last refresh, busy room or not."""
        interval = min(REFRESH_SECONDS, get_settings().room_client_ttl_seconds / 3)
        while True:
            await asyncio.sleep(interval)
            await service.present(self.room_id, self.client_key, self.doc.client_id, self.participant, "", None)

    async def _forward(self) -> None:
        while True:
            item = await self.session.next()
            if not isinstance(item, LiveEvent):
                if item is None:
                    await self._resubscribe()
                elif item.topic != docs.topic(self.room_id):
                    continue  # presence events carry their whole state; only the document needs catching up
                # Overflowed or Redis reconnected: the document is the truth, send all of it again.
                before = documents.text_of(self.doc)
                await self._reload()
                if documents.text_of(self.doc) != before:
                    await self._send_code()
                continue
            await self._relay(item)

    async def _resubscribe(self) -> None:
        """A fresh session after an overflow. Swapped in first, so that however this ends, the
        connection's `finally` unsubscribes the session the hub holds."""
        old, self.session = self.session, StreamSession(get_settings().stream_queue_size)
        try:
            for topic in self.topics:
                await self.hub.subscribe(topic, self.session)
        finally:
            for topic in self.topics:
                await self.hub.unsubscribe(topic, old)

    async def _relay(self, event: LiveEvent) -> None:
        data = json.loads(event.data)
        if event.type == "doc_update" and data["epoch"] == self.epoch:
            before = documents.text_of(self.doc)
            self.doc.apply_update(documents.decode_update(data["update"]))
            after = documents.text_of(self.doc)
            # Our own edit: the client already has it (_code_update answers when the merge differs).
            if after != before and data.get("client_id") != self.doc.client_id:
                await self._send({"type": "code_update", "code": after, "user_id": data.get("participant_id")})
        elif event.type == "room_reset":
            await self._reload()
            await self._send_code()
        elif event.type in ("user_joined", "user_left") and data["participant"]["id"] != self.participant.id:
            who = data["participant"]
            await self._send({"type": event.type, "user_id": who["id"], "name": who["name"], "color": who["color"]})
        elif event.type == "awareness" and data.get("cursor") and data["participant"]["id"] != self.participant.id:
            who = data["participant"]
            await self._send(
                {
                    "type": "cursor_move",
                    "user_id": who["id"],
                    "name": who["name"],
                    "color": who["color"],
                    "position": data["cursor"]["head"],
                    "anchor": data["cursor"]["anchor"],
                }
            )

    async def _send(self, message: dict[str, Any]) -> None:
        if message["type"] == "code_update":
            self._remember_sent()
        await self.websocket.send_text(json.dumps(message))

    async def _send_code(self) -> None:
        await self._send({"type": "code_update", "code": documents.text_of(self.doc), "user_id": None})

    def _remember_sent(self) -> None:
        self.seen.add(documents.text_of(self.doc), self.doc.get_update())

    async def _error(self, text: str) -> None:
        await self._send({"type": "error", "message": text})

    async def _refuse(self, text: str) -> None:
        """The client now holds a text the room did not take: give it the stored one back."""
        await self._error(text)
        await self._send_code()

    async def _close(self, code: int, reason: str) -> None:
        with contextlib.suppress(Exception):
            await self.websocket.close(code, reason)


def _offset(text: str, position: dict[str, Any]) -> int | None:
    """{line, column} (0-based; `ch` also accepted) -> character offset."""
    line, column = position.get("line"), position.get("column", position.get("ch"))
    if not isinstance(line, int) or not isinstance(column, int) or line < 0 or column < 0:
        return None
    lines = text.split("\n")
    if line >= len(lines):
        return len(text)
    return sum(len(part) + 1 for part in lines[:line]) + min(column, len(lines[line]))
