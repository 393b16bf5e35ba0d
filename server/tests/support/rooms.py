"""Simulated room clients: a CRDT client (pycrdt doc, POST up, SSE down) and a seed WebSocket client."""

import asyncio
import base64
import contextlib
import json
from typing import Any

import httpx
from pycrdt import Doc, Text
from websockets.asyncio.client import ClientConnection, connect

from tests.support.sse import EventStream, data


async def create_room(base_url: str, language: str = "python") -> str:
    async with httpx.AsyncClient(base_url=base_url) as client:
        response = await client.post("/rooms", json={"language": language})
        assert response.status_code == 201, response.text
        room_id: str = response.json()["room_id"]
        return room_id


class CrdtClient:
    """What the web editor does, in Python: Yjs updates up over HTTP, down over the event stream."""

    def __init__(self, base_url: str, room_id: str) -> None:
        self.http = httpx.AsyncClient(base_url=base_url, timeout=20)
        self.room_id = room_id
        self.doc: Doc[Any] = Doc()
        self.text = self.doc.get("code", type=Text)
        self.epoch = ""
        self.stream: EventStream | None = None
        self._applied = 0
        self._pump: asyncio.Task[None] | None = None
        self.me: dict[str, Any] = {}

    async def __aenter__(self) -> "CrdtClient":
        joined = await self.http.post(f"/api/rooms/{self.room_id}/join")
        assert joined.status_code == 200, joined.text
        self.me = joined.json()["me"]
        self.stream = EventStream(self.http, [f"room:{self.room_id}", f"room_presence:{self.room_id}"])
        await self.stream.__aenter__()
        await self.stream.wait_for(lambda e: e.event == "ready")
        await self.reload()
        self._pump = asyncio.create_task(self._apply_forever())
        return self

    async def __aexit__(self, *_: object) -> None:
        if self._pump:
            self._pump.cancel()
        if self.stream:
            await self.stream.close()
        await self.http.aclose()

    async def reload(self) -> None:
        state = (await self.http.get(f"/api/rooms/{self.room_id}/document")).json()
        self.epoch = state["epoch"]
        self.doc.apply_update(base64.b64decode(state["update"]))

    def apply_received(self) -> None:
        assert self.stream is not None
        for event in self.stream.events[self._applied :]:
            if event.event == "doc_update" and data(event)["epoch"] == self.epoch:
                self.doc.apply_update(base64.b64decode(data(event)["update"]))
        self._applied = len(self.stream.events)

    async def _apply_forever(self) -> None:
        while True:
            self.apply_received()
            await asyncio.sleep(0.01)

    async def edit(self, change: Any) -> httpx.Response:
        """Run `change(text)` on the local document and send the resulting update."""
        before = self.doc.get_state()
        change(self.text)
        update = self.doc.get_update(before)
        return await self.send(update)

    async def send(self, update: bytes) -> httpx.Response:
        body = {"epoch": self.epoch, "update": base64.b64encode(update).decode(), "client_id": self.doc.client_id}
        return await self.http.post(f"/api/rooms/{self.room_id}/updates", json=body)

    @property
    def value(self) -> str:
        return str(self.text)


class SeedClient:
    """A client written against seed 003's README: whole texts over a WebSocket."""

    def __init__(self, ws_url: str) -> None:
        self.ws_url = ws_url
        self.socket: ClientConnection | None = None
        self.messages: list[dict[str, Any]] = []
        self.code = ""
        self._reader: asyncio.Task[None] | None = None
        self._arrived = asyncio.Event()

    async def __aenter__(self) -> "SeedClient":
        self.socket = await connect(self.ws_url)
        self._reader = asyncio.create_task(self._read())
        init = await self.wait_for(lambda m: m["type"] == "init")
        self.code = init["code"]
        return self

    async def __aexit__(self, *_: object) -> None:
        if self.socket:
            await self.socket.close()
        if self._reader:
            self._reader.cancel()

    async def _read(self) -> None:
        assert self.socket is not None
        with contextlib.suppress(Exception):
            async for raw in self.socket:
                message = json.loads(raw)
                if message["type"] == "code_update":
                    self.code = message["code"]
                self.messages.append(message)
                self._arrived.set()

    async def send(self, message: dict[str, Any]) -> None:
        assert self.socket is not None
        await self.socket.send(json.dumps(message))

    async def type_text(self, new_code: str) -> None:
        self.code = new_code
        await self.send({"type": "code_update", "code": new_code})

    async def wait_for(self, predicate: Any, timeout: float = 5.0) -> dict[str, Any]:
        deadline = asyncio.get_running_loop().time() + timeout
        seen = 0
        while True:
            for message in self.messages[seen:]:
                if predicate(message):
                    return message
            seen = len(self.messages)
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise TimeoutError(f"no matching message; got {self.messages[-5:]}")
            self._arrived.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._arrived.wait(), timeout=remaining)


def ws_url(base_url: str, room_id: str) -> str:
    return base_url.replace("http://", "ws://") + f"/ws/{room_id}"
