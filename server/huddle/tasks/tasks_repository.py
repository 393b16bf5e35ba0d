"""Tasks in Redis, all under their workspace's tag `{workspace:<id>}` (see workspaces_repository):

    :seq                   Integer: the last sequence number (ENG-<n>), INCR'd by the create script.
    :task:<n>              Hash: id, seq, display_id, version, created_at, updated_at,
                           d:<field> -> the field's JSON value, v:<field> -> version of its last change.
    :trash:<n>             A deleted task's hash, kept 7 days so it can be restored (undo).
    :activity:<n>          List, newest first (200 kept): JSON {at, actor, kind, changes[{field, from, to}]};
                           "created" lists the initial values (from null). Expires with the trash copy.
    :idx:created|updated|status|priority|due   Sorted sets of <n>: sort orders. Scores are
                           rank * 1e9 + n (status, priority), day * 1e9 + n (due), ms (updated), n (created),
                           so ties break by sequence and a page is one ZRANGE.
    :idx:title             Sorted set, score 0, members "<lower title>\\0<n>": title order by ZRANGE BYLEX.
    :titles                Hash: <n> -> lower-case title, for search.
    :by_status:<s>, :by_priority:<p>, :by_assignee:<user id or ->   Sets of <n>: filters.

Why: with 10,000 tasks an unfiltered page is one ZRANGE plus the page's hashes; a filtered page
unions/intersects the filter sets, then walks the sort index in order and keeps the matches until
the page is full (reading about offset+limit / selectivity entries, never sorting); only a text
search filters titles and sorts its matches. All inside one read-only script, so a page is a
consistent snapshot. Every write is one script that updates task, indexes, activity and event.
"""

import json
from datetime import UTC, datetime
from typing import Any

from huddle.db import redis_client, text_map
from huddle.live.publish import publish_args
from huddle.tasks import tasks_lua
from huddle.tasks.fields import FieldWrite
from huddle.tasks.workspaces_repository import key, topic

TRASH_TTL_SECONDS = 7 * 24 * 3600
SORT_KEYS = ("created", "updated", "status", "priority", "due", "title")

_create = redis_client.register_script(tasks_lua.CREATE)
_patch = redis_client.register_script(tasks_lua.PATCH)
_delete = redis_client.register_script(tasks_lua.DELETE)
_restore = redis_client.register_script(tasks_lua.RESTORE)
_query = redis_client.register_script(tasks_lua.QUERY)


def _now() -> tuple[str, int]:
    now = datetime.now(UTC)
    # The same text pydantic writes in REST responses, so an event's task equals the fetched one.
    return now.isoformat().replace("+00:00", "Z"), int(now.timestamp() * 1000)


def _head(workspace_id: str) -> tuple[list[str], list[str | int]]:
    stream, channel, maxlen = publish_args(topic(workspace_id))
    return [stream], [channel, maxlen, workspace_id]


def _triples(writes: list[FieldWrite]) -> list[str]:
    return [part for write in writes for part in (write.field, write.value_json, write.hint)]


async def create(workspace_id: str, letters: str, actor_id: str, writes: list[FieldWrite]) -> dict[str, Any]:
    keys, args = _head(workspace_id)
    now_iso, now_ms = _now()
    raw = await _create(keys=keys, args=[*args, letters, now_iso, now_ms, actor_id, *_triples(writes)])
    task: dict[str, Any] = json.loads(raw)
    return task


async def patch(
    workspace_id: str, seq: int, actor_id: str, writes: list[FieldWrite], expected_version: int | None
) -> dict[str, Any]:
    """{"task": ...}, or {"error": "not_found"} / {"error": "conflict", "task": ...,
    "stale": [{"field", "version" (of its last change), "by" (user id of that change, or null)}]}."""
    keys, args = _head(workspace_id)
    now_iso, now_ms = _now()
    expected = "" if expected_version is None else str(expected_version)
    raw = await _patch(
        keys=[*keys, key(workspace_id, f"task:{seq}"), key(workspace_id, f"activity:{seq}")],
        args=[*args, now_iso, now_ms, actor_id, expected, *_triples(writes)],
    )
    result: dict[str, Any] = json.loads(raw)
    return result


async def delete(workspace_id: str, seq: int, actor_id: str) -> dict[str, Any]:
    keys, args = _head(workspace_id)
    raw = await _delete(
        keys=[*keys, key(workspace_id, f"task:{seq}"), key(workspace_id, f"trash:{seq}")],
        args=[*args, _now()[0], actor_id, TRASH_TTL_SECONDS],
    )
    result: dict[str, Any] = json.loads(raw)
    return result


async def trashed_values(workspace_id: str, seq: int) -> dict[str, Any] | None:
    raw = text_map(await redis_client.hgetall(key(workspace_id, f"trash:{seq}")))
    if not raw:
        return None
    return {name[2:]: json.loads(value) for name, value in raw.items() if name.startswith("d:")}


async def restore(workspace_id: str, seq: int, actor_id: str, index_hints: list[tuple[str, str]]) -> dict[str, Any]:
    keys, args = _head(workspace_id)
    now_iso, now_ms = _now()
    raw = await _restore(
        keys=[*keys, key(workspace_id, f"task:{seq}"), key(workspace_id, f"trash:{seq}")],
        args=[*args, now_iso, now_ms, actor_id, *[part for pair in index_hints for part in pair]],
    )
    result: dict[str, Any] = json.loads(raw)
    return result


async def query(
    workspace_id: str,
    sort: str,
    descending: bool,
    offset: int,
    limit: int,
    search: str,
    filters: dict[str, list[str]],
) -> dict[str, Any]:
    keys, args = _head(workspace_id)
    filter_args = [part for field, values in filters.items() for part in (field, ",".join(values))]
    raw = await _query(
        keys=keys, args=[*args, sort, "1" if descending else "0", offset, limit, search.lower(), *filter_args]
    )
    result: dict[str, Any] = json.loads(raw)
    return result


async def get(workspace_id: str, seq: int) -> dict[str, Any] | None:
    page = text_map(await redis_client.hgetall(key(workspace_id, f"task:{seq}")))
    if not page:
        return None
    return {
        "id": page["id"],
        "workspaceId": workspace_id,
        "displayId": page["display_id"],
        "sequenceNumber": int(page["seq"]),
        "data": {name[2:]: json.loads(value) for name, value in page.items() if name.startswith("d:")},
        "version": int(page["version"]),
        "createdAt": page["created_at"],
        "updatedAt": page["updated_at"],
    }


async def activity(workspace_id: str, seq: int, limit: int = 100) -> list[dict[str, Any]] | None:
    """Newest first; None when the task does not exist (never created, or deleted)."""
    # One transaction, so a delete cannot land between the existence check and the read.
    async with redis_client.pipeline(transaction=True) as pipe:
        pipe.exists(key(workspace_id, f"task:{seq}"))
        pipe.lrange(key(workspace_id, f"activity:{seq}"), 0, limit - 1)
        exists, entries = await pipe.execute()
    if not exists:
        return None
    return [json.loads(entry) for entry in entries]
