"""Seed 003's WebSocket protocol, on top of the CRDT document.

Client -> server: `code_update` {code} (the whole text), `cursor_move` {position} (or {line, column}).
Server -> client: `init`, `code_update` {code, user_id}, `cursor_move` {user_id, name, color, position},
`user_joined`, `user_left`, `error` {message}. Unknown room: closed with code 4404.

The sockets of a room share one pycrdt copy of the document per process (shared_documents.py),
fed by the room's topic. A whole text from the client becomes the smallest edit, made against a
document state the client is known to have seen (a text we sent it or it sent us), not against the
newest one: edits by others that it has not seen yet are then concurrent to its edit and survive
the merge instead of being deleted (seen_texts.py says which texts count as seen). The copy
changes only with what the room accepted: a refused edit is answered with an error and the stored
text, so the client never drifts from the room.

Limits (socket_limits.py): messages above HUDDLE_WS_MAX_MESSAGE_BYTES close the socket (1009);
cursor moves are conflated (the newest one is sent, at most HUDDLE_WS_CURSOR_MOVES_PER_SECOND);
edits are throttled to HUDDLE_WS_EDITS_PER_SECOND (reading pauses); a client sending more than
HUDDLE_WS_MESSAGES_PER_SECOND (with a burst of HUDDLE_WS_MESSAGE_BURST) gets an `error` and is
closed (1008); an address may hold HUDDLE_WS_MAX_SOCKETS_PER_ADDRESS sockets (4429 beyond).
Unknown rooms count against the address's room lookups (room_limits.py; 4429 when exhausted).
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
from redis.exceptions import OutOfMemoryError, RedisError

from huddle.auth.service import get_user
from huddle.auth.sessions import active_session
from huddle.auth.tokens import SESSION_COOKIE
from huddle.client_address import client_address
from huddle.config import get_settings
from huddle.errors import STORAGE_FULL, ApiError
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
from huddle.rooms.shared_documents import SharedDocument, shared_documents
from huddle.rooms.socket_limits import TokenBucket, close_socket, open_socket, renew_socket
from huddle.user_text import UnsafeText, parse_json

log = logging.getLogger(__name__)
router = APIRouter()

CLOSE_NOT_FOUND = 4404
CLOSE_INVALID = 4422
CLOSE_TOO_MANY = 4429
CLOSE_POLICY = 1008
CLOSE_TOO_BIG = 1009
REFRESH_SECONDS = 10


@router.websocket("/ws/{room_id}")
async def seed_socket(websocket: WebSocket, room_id: str) -> None:
    await websocket.accept()
    if not re.match(ROOM_ID_PATTERN, room_id):
        await websocket.close(CLOSE_INVALID, "room ids are 6 or 24 hex characters")
        return
    address = client_address(websocket)
    try:
        known = await service.look_up(room_id, address)
    except ApiError as error:
        await websocket.close(CLOSE_TOO_MANY, error.detail[:120])
        return
    if not known:
        await websocket.close(CLOSE_NOT_FOUND, "room not found or expired")
        return
    socket_id = uuid.uuid4().hex
    cap = get_settings().ws_max_sockets_per_address
    if not await open_socket(address, socket_id, cap):
        await websocket.close(CLOSE_TOO_MANY, f"too many open sockets from this address (at most {cap})")
        return
    try:
        participant = await _identify(websocket)
        shared = await shared_documents.acquire(room_id)
        try:
            await SeedConnection(websocket, shared, participant, websocket.app.state.hub, address, socket_id).run()
        finally:
            shared_documents.release(shared)
    except ApiError as error:
        if error.status == 404:
            await websocket.close(CLOSE_NOT_FOUND, "room not found or expired")
    finally:
        with contextlib.suppress(RedisError):
            await close_socket(address, socket_id)


async def _identify(websocket: WebSocket) -> Participant:
    session = await active_session(websocket.cookies.get(SESSION_COOKIE, ""))
    user = await get_user(session.user_id) if session else None
    known = service.participant_for(user, guest_from_token(websocket.cookies.get(GUEST_COOKIE)))
    return known or new_guest()


class SeedConnection:
    def __init__(
        self,
        websocket: WebSocket,
        shared: SharedDocument,
        participant: Participant,
        hub: Hub,
        address: str,
        socket_id: str,
    ) -> None:
        settings = get_settings()
        self.websocket = websocket
        self.shared = shared
        self.room_id = shared.room_id
        self.participant = participant
        self.hub = hub
        self.address = address
        self.socket_id = socket_id
        self.client_key = f"ws-{socket_id}"
        # This connection's Yjs client id (the document is shared, so it is not the document's).
        self.client_id = Doc().client_id
        self.session = StreamSession(settings.stream_queue_size)
        self.topics = [docs.topic(self.room_id), people.topic(self.room_id)]
        self.epoch = ""
        self.clock = 0
        self.seen = SeenTexts()
        # The text the client has now (as far as we know): the shared document is sent when it differs.
        self.client_text = ""
        self.messages = TokenBucket(settings.ws_messages_per_second, settings.ws_message_burst)
        self.edits = TokenBucket(settings.ws_edits_per_second, settings.ws_edits_per_second)
        self.cursor_interval = 1 / settings.ws_cursor_moves_per_second
        self.pending_cursor: int | None = None
        self.cursor_waiting = asyncio.Event()

    async def run(self) -> None:
        subscribed: list[str] = []
        metrics.open_streams.labels("websocket").inc()
        try:
            for topic in self.topics:
                # Noted first: the hub holds the sink from the call on, even if the wait is cancelled.
                subscribed.append(topic)
                await self.hub.subscribe(topic, self.session)
            self._adopt_shared()
            await self._announce(None)
            await self._send_init()
            work = (self._receive, self._forward, self._heartbeat, self._send_cursors)
            tasks = {asyncio.create_task(part()) for part in work}
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

    async def _reload(self, unless_epoch: str | None = None) -> None:
        await self.shared.reload(unless_epoch)
        self._adopt_shared()

    def _adopt_shared(self) -> None:
        if self.shared.epoch != self.epoch:
            # Texts of the discarded document are no base for an edit; within one epoch (a reload
            # after an overflow) they still are, and the client may still be typing on one of them.
            self.seen.clear()
        self.epoch = self.shared.epoch
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
                "code": self.shared.text,
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
            doc = self.shared.doc
            state = awareness.seed_cursor_state(doc, self.participant.name, self.participant.color, position)
            update = awareness.encode_state(self.client_id, self.clock, state)
            cursor = {"anchor": position, "head": position}
        self.participant = await service.present(
            self.room_id, self.client_key, self.client_id, self.participant, update, cursor
        )

    async def _receive(self) -> None:
        max_bytes = get_settings().ws_max_message_bytes
        while True:
            raw = await self.websocket.receive_text()
            if len(raw) > max_bytes:  # uvicorn's ws_max_size stops them first; other servers may not
                await self._error(f"messages may be at most {max_bytes} bytes")
                await self._close(CLOSE_TOO_BIG, "message too big")
                return
            if not self.messages.take():
                await self._error(f"too many messages (at most {self.messages.rate:g} a second); closing")
                await self._close(CLOSE_POLICY, "too many messages")
                return
            try:
                message = parse_json(raw)
                if not isinstance(message, dict):
                    raise ValueError
            except UnsafeText as unsafe:
                await self._error(str(unsafe))
                continue
            except ValueError:
                await self._error("messages are JSON objects with a `type`")
                continue
            kind = message.get("type")
            if kind == "code_update":
                if not self.edits.take():
                    # Throttled, not dropped: reading pauses, so a fast client is slowed by TCP itself.
                    await asyncio.sleep(self.edits.wait_seconds())
                    self.edits.take()
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
                self.room_id, self.epoch, documents.encode(update), self.client_id, self.participant
            )
        except OutOfMemoryError:
            await self._refuse(STORAGE_FULL)
            return
        except ApiError as error:
            if error.status == 409:  # reset meanwhile: adopt the new document
                await self._reload(unless_epoch=str(error.extra.get("epoch", "")) or None)
                await self._send_code()
            elif error.status == 404:
                raise
            else:
                await self._refuse(error.detail)
            return
        if self.epoch != epoch:
            return  # reset while it was sent: the room's new document was already sent to the client
        self.seen.sent_by_client(seen, code, base.get_update())
        self.client_text = code
        self.shared.apply(update)
        if self.shared.text != code:
            # It typed on an older text: the merge also holds what others did meanwhile.
            await self._send_code()

    async def _cursor_move(self, message: dict[str, Any]) -> None:
        position = message.get("position", message.get("cursor"))
        if isinstance(position, dict):
            position = _offset(self.shared.text, position)
        if not isinstance(position, int) or isinstance(position, bool) or position < 0:
            await self._error("cursor_move needs `position` (a character offset) or {line, column}")
            return
        self.pending_cursor = position
        self.cursor_waiting.set()

    async def _send_cursors(self) -> None:
        """Conflation: moves that arrive faster than the interval only leave their newest."""
        while True:
            await self.cursor_waiting.wait()
            self.cursor_waiting.clear()
            position, self.pending_cursor = self.pending_cursor, None
            if position is not None:
                await self._announce(position)
            await asyncio.sleep(self.cursor_interval)

    async def _heartbeat(self) -> None:
        """Presence expires room_client_ttl_seconds after the last refresh, busy room or not."""
        interval = min(REFRESH_SECONDS, get_settings().room_client_ttl_seconds / 3)
        while True:
            await asyncio.sleep(interval)
            self.participant = await service.present(
                self.room_id, self.client_key, self.client_id, self.participant, "", None
            )
            await renew_socket(self.address, self.socket_id)

    async def _forward(self) -> None:
        while True:
            item = await self.session.next()
            if not isinstance(item, LiveEvent):
                if item is None:
                    await self._resubscribe()
                elif item.topic != docs.topic(self.room_id):
                    continue  # presence events carry their whole state; only the document needs catching up
                # Overflowed or Redis reconnected: the document is the truth, send all of it again.
                await self._reload()
                if self.shared.text != self.client_text:
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
        if event.type == "doc_update" and data["epoch"] == self.epoch == self.shared.epoch:
            self.shared.apply_event(event.position, documents.decode_update(data["update"]))
            # Our own edit: the client already has it (_code_update answers when the merge differs).
            # Another socket of this process may have applied this event already: compare with what
            # the client has, not with the document before.
            if self.shared.text != self.client_text and data.get("client_id") != self.client_id:
                await self._send(
                    {"type": "code_update", "code": self.shared.text, "user_id": data.get("participant_id")}
                )
        elif event.type == "room_reset":
            await self._reload(unless_epoch=data["epoch"])
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

    async def _send_code(self, author: str | None = None) -> None:
        await self._send({"type": "code_update", "code": self.shared.text, "user_id": author})

    def _remember_sent(self) -> None:
        # The shared document's cached text and state: every socket remembers the same objects.
        self.client_text = self.shared.text
        self.seen.add(self.shared.text, self.shared.state)

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
