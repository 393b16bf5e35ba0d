"""The one rule for text a client sends: Unicode that UTF-8 can carry, and no NUL.

JSON can spell half of a surrogate pair (`"\\ud83d"`), and Python's parser even turns the raw bytes
ED A0 BD into one. Such a string cannot be encoded as UTF-8, and Lua's cjson refuses its escape:
stored once, it made every later read of the list holding it fail. NUL is refused because it ends
strings in C libraries and is the separator of the title index. Other control characters are
kept: every JSON encoder on the way escapes them.

Every JSON request body passes `unsafe_text_in` (json_text_check.py) and the seed WebSocket parses
its messages with `parse_json`, so no route has to remember the rule.
"""

import json
import re
from typing import Any

_SURROGATE = re.compile("[\ud800-\udfff]")
NOT_UNICODE = "must be valid Unicode text (it holds half of a surrogate pair)"
HOLDS_NUL = "must be text without NUL characters"


class UnsafeText(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class TooDeep(ValueError):
    """JSON nested beyond what the parser can follow."""


def text_problem(text: str) -> str | None:
    """Why `text` cannot be stored, or None when it can."""
    if _SURROGATE.search(text):
        return NOT_UNICODE
    if "\x00" in text:
        return HOLDS_NUL
    return None


def _child_path(path: str, step: str | int) -> str:
    # The same spelling as the validation errors: options[2], data.title.
    if isinstance(step, int):
        return f"{path}[{step}]"
    return f"{path}.{step}" if path else step


def unsafe_text_in(value: Any) -> UnsafeText | None:
    """The first string (value or object key) in parsed JSON that breaks the rule, with its path.

    A bad key cannot be quoted in the answer (it is the bad text), so the object holding it is named.
    """
    pending: list[tuple[str, Any]] = [("", value)]
    while pending:
        path, item = pending.pop()
        if isinstance(item, str):
            problem = text_problem(item)
            if problem:
                return UnsafeText(path or "body", problem)
        elif isinstance(item, dict):
            children: list[tuple[str, Any]] = []
            for key, child in item.items():
                problem = text_problem(key)
                if problem:
                    return UnsafeText(path or "body", f"has a key that {problem}")
                children.append((_child_path(path, key), child))
            pending.extend(reversed(children))
        elif isinstance(item, list):
            pending.extend((_child_path(path, index), child) for index, child in reversed(list(enumerate(item))))
    return None


def parse_json(raw: str | bytes) -> Any:
    """json.loads, refusing text that breaks the rule (UnsafeText) and nesting it cannot follow (TooDeep)."""
    try:
        value = json.loads(raw)
    except RecursionError:
        raise TooDeep("nests too deeply") from None
    unsafe = unsafe_text_in(value)
    if unsafe is not None:
        raise unsafe
    return value
