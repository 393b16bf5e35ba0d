"""Fuzzed messages on the seed 003 WebSocket (`/ws/{room_id}`): hostile text in every member
(lone surrogates, control characters, placeholder-like text), wrong types, unknown kinds.

After each message the socket must still answer (a known-bad message gets its `error`, which also
proves the fuzzed one was handled first), and the room must still be readable over HTTP and by a
new seed client: a message that "succeeds" but breaks the room fails here.
"""

import json
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from websockets.sync.client import ClientConnection, connect

from tests.support.hostile_text import awkward_numbers, hostile_text, spoiled
from tests.support.processes import ApiProcess
from tests.support.rooms import ws_url

PROBE = {"type": "probe-after-fuzz"}

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | awkward_numbers | hostile_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(hostile_text, inner, max_size=3),
    max_leaves=6,
)
_code_update = st.fixed_dictionaries({"type": st.just("code_update"), "code": st.one_of(hostile_text, _json_values)})
_cursor_move = st.fixed_dictionaries(
    {"type": st.just("cursor_move")},
    optional={
        "position": st.one_of(st.integers(min_value=-5, max_value=50), awkward_numbers, _json_values),
        "cursor": _json_values,
    },
)
_line_column = st.fixed_dictionaries(
    {
        "type": st.just("cursor_move"),
        "position": st.fixed_dictionaries({"line": _json_values, "column": _json_values, "ch": _json_values}),
    }
)
_anything = st.dictionaries(hostile_text, _json_values, max_size=3)
messages = st.one_of(_code_update, _cursor_move, _line_column, _anything, _json_values).flatmap(spoiled)


def _until_probe_answered(socket: ClientConnection) -> None:
    while True:
        message: dict[str, Any] = json.loads(socket.recv(timeout=10))
        if message["type"] == "error" and "probe-after-fuzz" in message["message"]:
            return


def test_fuzzed_seed_messages_never_break_the_socket_or_the_room(api: ApiProcess) -> None:
    with httpx.Client(base_url=api.url, timeout=20) as http:
        room_id = http.post("/rooms", json={"language": "python"}).json()["room_id"]

        @given(message=messages)
        @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
        def one_message(message: Any) -> None:
            with connect(ws_url(api.url, room_id)) as socket:
                assert json.loads(socket.recv(timeout=10))["type"] == "init"
                # Escaped as JSON (ensure_ascii): how a lone surrogate travels in a text frame.
                socket.send(json.dumps(message))
                socket.send(json.dumps(PROBE))
                _until_probe_answered(socket)
            assert http.get(f"/api/rooms/{room_id}").status_code == 200
            assert http.get(f"/api/rooms/{room_id}/document").status_code == 200
            with connect(ws_url(api.url, room_id)) as again:
                init = json.loads(again.recv(timeout=10))
                assert init["type"] == "init" and isinstance(init["code"], str)

        one_message()
