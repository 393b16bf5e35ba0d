"""The room's document as a CRDT (pycrdt, the Rust port of Yjs): the text lives in `getText("code")`."""

import base64
import binascii
from typing import Any

from pycrdt import Doc, Text

TEXT_NAME = "code"


class InvalidUpdate(ValueError):
    pass


def decode_update(update_b64: str) -> bytes:
    try:
        raw = base64.b64decode(update_b64, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidUpdate("update is not base64") from None
    if not raw:
        raise InvalidUpdate("update is empty")
    # Applying to a scratch document parses every struct: garbage raises, the room stays untouched.
    try:
        Doc().apply_update(raw)
    except Exception as error:  # noqa: BLE001 - pycrdt raises plain exceptions for malformed input
        raise InvalidUpdate(f"not a valid Yjs update ({error})") from None
    return raw


def encode(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def merged_state(snapshot_b64: str | None, log_b64: list[str]) -> bytes:
    # Not pycrdt.merge_updates: on logs mixing inserts and deletes from several clients it was seen
    # to drop content (tests/test_rooms_convergence.py); applying each update to a document is exact.
    doc: Doc[Any] = Doc()
    for part in ([snapshot_b64] if snapshot_b64 else []) + log_b64:
        doc.apply_update(base64.b64decode(part))
    return doc.get_update()


def load(snapshot_b64: str | None, log_b64: list[str]) -> Doc[Any]:
    doc: Doc[Any] = Doc()
    doc.apply_update(merged_state(snapshot_b64, log_b64))
    return doc


def text_of(doc: Doc[Any]) -> str:
    return str(doc.get(TEXT_NAME, type=Text))


def byte_index(text: str, index: int) -> int:
    """pycrdt's Text counts UTF-8 bytes, not characters: 'é' is 2. Convert before every insert/delete."""
    return len(text[:index].encode())


def _common_prefix(a: str, b: str, limit: int) -> int:
    """Length of the common prefix of `a` and `b`, at most `limit`. Compares growing slices (done in
    C) and bisects the one that differs: a seed client compares whole texts on every keystroke."""
    start, step = 0, 64
    while start < limit:
        end = min(limit, start + step)
        if a[start:end] == b[start:end]:
            start, step = end, step * 2
            continue
        while end - start > 1:
            middle = (start + end) // 2
            if a[start:middle] == b[start:middle]:
                start = middle
            else:
                end = middle
        return start
    return limit


def _common_ends(old: str, new: str) -> tuple[int, int, int]:
    """(start, end in old, end in new) of the one range where `old` and `new` differ."""
    start = _common_prefix(old, new, min(len(old), len(new)))
    suffix = _common_prefix(old[start:][::-1], new[start:][::-1], min(len(old), len(new)) - start)
    return start, len(old) - suffix, len(new) - suffix


def edit_size(old: str, new: str) -> int:
    start, end_old, end_new = _common_ends(old, new)
    return (end_old - start) + (end_new - start)


def inserted_text(old: str, new: str) -> str:
    """What the one-range edit from `old` to `new` inserts."""
    start, _, end_new = _common_ends(old, new)
    return new[start:end_new]


def replace_text(doc: Doc[Any], new_text: str) -> bytes | None:
    """Turn a whole new text (a seed client's message) into the smallest single-range edit of the
    CRDT text; returns the Yjs update, or None when nothing changed."""
    text = doc.get(TEXT_NAME, type=Text)
    old = str(text)
    if old == new_text:
        return None
    start, end_old, end_new = _common_ends(old, new_text)
    before = doc.get_state()
    at = byte_index(old, start)
    with doc.transaction():
        if end_old > start:
            del text[at : byte_index(old, end_old)]
        if end_new > start:
            text.insert(at, new_text[start:end_new])
    return doc.get_update(before)
