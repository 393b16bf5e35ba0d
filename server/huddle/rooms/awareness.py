"""y-protocols awareness updates, written by the server for clients that do not speak Yjs (seed
WebSocket clients), so their cursors show in CodeMirror like everyone else's.

Wire format: varuint count, then per client: varuint client id, varuint clock, varstring JSON state.
"""

import base64
import json
from typing import Any

from pycrdt import Assoc, Doc, Text

from huddle.rooms.documents import TEXT_NAME, byte_index


def _varuint(value: int) -> bytes:
    out = bytearray()
    while value > 0x7F:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def _read_varuint(data: bytes, offset: int) -> tuple[int, int]:
    value, shift = 0, 0
    while True:
        byte = data[offset]
        offset += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, offset
        shift += 7


def encode_state(client_id: int, clock: int, state: dict[str, Any] | None) -> str:
    payload = json.dumps(state, separators=(",", ":")).encode()
    raw = _varuint(1) + _varuint(client_id) + _varuint(clock) + _varuint(len(payload)) + payload
    return base64.b64encode(raw).decode()


def removal_for(update_b64: str) -> str:
    """The update that removes the (single) client of `update_b64`: its clock + 1 with state null."""
    raw = base64.b64decode(update_b64)
    count, offset = _read_varuint(raw, 0)
    if count < 1:
        return ""
    client_id, offset = _read_varuint(raw, offset)
    clock, _ = _read_varuint(raw, offset)
    return encode_state(client_id, clock + 1, None)


def client_ids(update_b64: str) -> list[int]:
    """The client ids an awareness update sets; ValueError when it is not a complete awareness update."""
    try:
        raw = base64.b64decode(update_b64, validate=True)
        count, offset = _read_varuint(raw, 0)
        ids = []
        for _ in range(count):
            client_id, offset = _read_varuint(raw, offset)
            _, offset = _read_varuint(raw, offset)  # clock
            length, offset = _read_varuint(raw, offset)
            if offset + length > len(raw):
                raise ValueError("truncated state")
            json.loads(raw[offset : offset + length])
            offset += length
            ids.append(client_id)
    except (IndexError, UnicodeDecodeError) as error:
        raise ValueError(str(error)) from None
    if offset != len(raw):
        raise ValueError("trailing bytes")
    return ids


def with_identity(update_b64: str, user: dict[str, str]) -> str:
    """`update_b64` (one client's state) with its `user` (the label others see on its cursor)
    replaced by `user`: a client says where its cursor is, never whose it is."""
    raw = base64.b64decode(update_b64)
    _, offset = _read_varuint(raw, 0)
    client_id, offset = _read_varuint(raw, offset)
    clock, offset = _read_varuint(raw, offset)
    length, offset = _read_varuint(raw, offset)
    state = json.loads(raw[offset : offset + length])
    if not isinstance(state, dict):
        return update_b64  # null: the client is leaving, there is no label
    return encode_state(client_id, clock, {**state, "user": user})


def light(color: str) -> str:
    return color + "33"


def seed_cursor_state(doc: Doc[Any], name: str, color: str, position: int) -> dict[str, Any]:
    text = doc.get(TEXT_NAME, type=Text)
    content = str(text)
    position = max(0, min(position, len(content)))
    if position == len(content):
        # pycrdt panics on a sticky index at the end of the text (an empty one included); this is
        # the relative position Yjs itself makes there.
        anchor: dict[str, Any] = {"tname": TEXT_NAME, "assoc": 0}
    else:
        anchor = text.sticky_index(byte_index(content, position), Assoc.AFTER).to_json()
    return {
        "user": {"name": name, "color": color, "colorLight": light(color)},
        "cursor": {"anchor": anchor, "head": anchor},
    }
