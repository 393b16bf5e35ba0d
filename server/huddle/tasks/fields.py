"""The task fields (built-in and per-workspace custom) and validation of values against them.

A validated value is stored as its JSON text; fields that are indexed for sorting and filtering
also carry an index hint (the plain value, a rank or a score) so the Lua scripts never parse JSON.
"""

import json
import math
import re
import sys
from dataclasses import dataclass
from datetime import date
from typing import Any

from huddle.errors import ApiError
from huddle.tasks.schemas import FieldDefinition

STATUSES = ["backlog", "todo", "in_progress", "done", "canceled"]
PRIORITIES = ["none", "low", "medium", "high", "urgent"]
MAX_LABELS = 20

BUILTIN_FIELDS = [
    FieldDefinition(id="title", name="Title", type="text", required=True, max_length=500),
    FieldDefinition(id="description", name="Description", type="text", max_length=20000),
    FieldDefinition(id="status", name="Status", type="select", options=STATUSES),
    FieldDefinition(id="priority", name="Priority", type="select", options=PRIORITIES),
    FieldDefinition(id="assignee", name="Assignee", type="user"),
    FieldDefinition(id="dueDate", name="Due date", type="date"),
    FieldDefinition(id="labels", name="Labels", type="labels"),
]
DEFAULTS = {"status": "todo", "priority": "none"}
CUSTOM_TEXT_MAX = 2000
MAX_NUMBER = int(sys.float_info.max)
# A seed client's own `data` key becomes a field id: it must not look like cf_<n> or hold separators.
FREE_FORM_KEY = re.compile(r"(?!cf_)[A-Za-z][A-Za-z0-9_]{0,39}")


@dataclass(frozen=True, slots=True)
class FieldWrite:
    field: str
    value_json: str  # "" removes the field
    hint: str  # for indexed fields: "rank:value" (status, priority), username, day number, lower title
    value: Any


def _fail(field: str, message: str) -> ApiError:
    return ApiError(422, f"{field}: {message}", field=field)


def _text(field: FieldDefinition, value: Any) -> str:
    if not isinstance(value, str):
        raise _fail(field.id, "must be a string")
    text: str = value.strip() if field.id == "title" else value
    limit = field.max_length or CUSTOM_TEXT_MAX
    if len(text) > limit:
        raise _fail(field.id, f"must be at most {limit} characters")
    if field.required and not text:
        raise _fail(field.id, "must not be empty")
    return text


def _date(field: FieldDefinition, value: Any) -> str:
    if not isinstance(value, str):
        raise _fail(field.id, "must be a date like 2026-12-31")
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise _fail(field.id, "must be a date like 2026-12-31") from None


def _value(field: FieldDefinition, value: Any) -> Any:
    if field.type == "text":
        return _text(field, value)
    if field.type == "select":
        if not isinstance(value, str) or value not in (field.options or []):
            raise _fail(field.id, f"must be one of {', '.join(field.options or [])}")
        return value
    if field.type == "date":
        return _date(field, value)
    if field.type == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _fail(field.id, "must be a number")
        # Integers are kept exactly, but only those a client's double can hold (JSON.parse of a
        # longer one is Infinity); float() of a bigger int raises OverflowError instead.
        if isinstance(value, int) and abs(value) > MAX_NUMBER:
            raise _fail(field.id, "must be a number between -1.7e308 and 1.7e308")
        if not math.isfinite(value):
            raise _fail(field.id, "must be a finite number")
        return value
    if field.type == "user":
        if not isinstance(value, str) or not value:
            raise _fail(field.id, "must be a member's user id")
        return value
    if not isinstance(value, list) or not all(isinstance(label, str) for label in value):
        raise _fail(field.id, "must be a list of strings")
    labels = [label.strip() for label in value]
    if len(labels) > MAX_LABELS or any(not 1 <= len(label) <= 40 for label in labels):
        raise _fail(field.id, f"must be at most {MAX_LABELS} labels of 1-40 characters")
    return list(dict.fromkeys(labels))


def _hint(field_id: str, value: Any) -> str:
    if value is None:
        return ""
    if field_id == "status":
        return f"{STATUSES.index(value)}:{value}"
    if field_id == "priority":
        return f"{PRIORITIES.index(value)}:{value}"
    if field_id == "assignee":
        return str(value)
    if field_id == "dueDate":
        return str(date.fromisoformat(value).toordinal())
    if field_id == "title":
        return str(value).lower()
    return ""


def validate_writes(values: dict[str, Any], custom: list[FieldDefinition], creating: bool) -> list[FieldWrite]:
    """Check a merge patch (or a new task's data) against the fields; None removes a field."""
    known = {field.id: field for field in [*BUILTIN_FIELDS, *custom]}
    if creating:
        values = {**DEFAULTS, **values}
        if "title" not in values:
            raise _fail("title", "is required")
    if not values:
        raise _fail("patch", "must change at least one field")
    writes = []
    for field_id, raw in values.items():
        field = known.get(field_id)
        if field is None:
            raise _fail(field_id, "is not a field of this workspace")
        if raw is None or (field.type == "labels" and raw == []):
            if field.required or field_id in DEFAULTS:
                raise _fail(field_id, "cannot be removed")
            if creating:
                continue
            writes.append(FieldWrite(field_id, "", "", None))
            continue
        value = _value(field, raw)
        writes.append(FieldWrite(field_id, json.dumps(value, ensure_ascii=False), _hint(field_id, value), value))
    return writes
