from typing import Any

from huddle.auth import service as accounts
from huddle.auth.schemas import PublicUser
from huddle.errors import ApiError
from huddle.tasks import custom_fields_service, workspaces_service
from huddle.tasks import tasks_repository as repository
from huddle.tasks.access import parse_task_id, require_member
from huddle.tasks.fields import PRIORITIES, STATUSES, FieldWrite, validate_writes
from huddle.tasks.fields import _hint as index_hint
from huddle.tasks.schemas import ActivityEntry, FieldConflict, Task, TaskCreate, TaskPage, TaskPatch

MAX_PER_PAGE = 200
INDEXED_FIELDS = ("status", "priority", "assignee", "dueDate", "title")


async def _check_assignee(workspace_id: str, writes: list[FieldWrite]) -> None:
    for write in writes:
        is_person = write.field == "assignee" and write.value is not None
        if is_person and not await workspaces_service.is_member(workspace_id, write.value):
            raise ApiError(422, f"assignee: {write.value} is not a member of this workspace", field="assignee")


async def create_task(user: PublicUser, body: TaskCreate) -> Task:
    meta = await require_member(user, body.workspaceId)
    custom = await custom_fields_service.custom_fields(body.workspaceId)
    free_form = custom_fields_service.free_form_fields(body.data, custom)
    writes = validate_writes(body.data, [*custom, *free_form], creating=True)
    await _check_assignee(body.workspaceId, writes)
    await custom_fields_service.add_free_form_fields(body.workspaceId, free_form)
    return Task.model_validate(await repository.create(body.workspaceId, meta["key"], user.id, writes))


async def get_task(user: PublicUser, task_id: str) -> Task:
    workspace_id, seq = parse_task_id(task_id)
    await require_member(user, workspace_id, field="id")
    task = await repository.get(workspace_id, seq)
    if task is None:
        raise ApiError(404, f"no task {task_id}", field="id")
    return Task.model_validate(task)


async def patch_task(user: PublicUser, task_id: str, body: TaskPatch) -> Task:
    workspace_id, seq = parse_task_id(task_id)
    await require_member(user, workspace_id, field="id")
    custom = await custom_fields_service.custom_fields(workspace_id)
    free_form = custom_fields_service.free_form_fields(body.patch, custom)
    writes = validate_writes(body.patch, [*custom, *free_form], creating=False)
    await _check_assignee(workspace_id, writes)
    await custom_fields_service.add_free_form_fields(workspace_id, free_form)
    result = await repository.patch(workspace_id, seq, user.id, writes, body.expectedVersion)
    if result.get("error") == "not_found":
        raise ApiError(404, f"no task {task_id}", field="id")
    if result.get("error") == "conflict":
        raise await _conflict(result, body.expectedVersion)
    return Task.model_validate(result["task"])


async def _conflict(result: dict[str, Any], expected_version: int | None) -> ApiError:
    task = Task.model_validate(result["task"])
    stale = result["stale"]
    editors = {u.id: u for u in await accounts.get_users(list({s["by"] for s in stale if s["by"]}))}
    conflicts = [
        FieldConflict(
            field=s["field"], value=task.data.get(s["field"]), version=s["version"], changedBy=editors.get(s["by"])
        )
        for s in stale
    ]
    fields = [c.field for c in conflicts]
    return ApiError(
        409,
        f"{', '.join(fields)} changed since version {expected_version}; review the current value",
        field=fields[0],
        extra={
            "fields": fields,
            "conflicts": [c.model_dump(mode="json") for c in conflicts],
            "task": task.model_dump(mode="json"),
        },
    )


async def delete_task(user: PublicUser, task_id: str) -> Task:
    workspace_id, seq = parse_task_id(task_id)
    await require_member(user, workspace_id, field="id")
    result = await repository.delete(workspace_id, seq, user.id)
    if result.get("error") == "not_found":
        raise ApiError(404, f"no task {task_id}", field="id")
    return Task.model_validate(result["task"])


async def restore_task(user: PublicUser, task_id: str) -> Task:
    workspace_id, seq = parse_task_id(task_id)
    await require_member(user, workspace_id, field="id")
    values = await repository.trashed_values(workspace_id, seq)
    if values is None:
        raise ApiError(404, f"no deleted task {task_id} to restore", field="id")
    hints = [(field, index_hint(field, values[field])) for field in INDEXED_FIELDS if field in values]
    result = await repository.restore(workspace_id, seq, user.id, hints)
    if result.get("error") == "not_found":
        raise ApiError(404, f"no deleted task {task_id} to restore", field="id")
    return Task.model_validate(result["task"])


def _csv(name: str, raw: str | None, allowed: list[str] | None) -> list[str]:
    if not raw:
        return []
    values = list(dict.fromkeys(v.strip() for v in raw.split(",") if v.strip()))
    if allowed is not None:
        for value in values:
            if value not in allowed:
                raise ApiError(422, f"{name}: '{value[:40]}' is not one of {', '.join(allowed)}", field=name)
    return values


async def list_tasks(
    user: PublicUser,
    workspace_id: str,
    page: int,
    per_page: int,
    sort: str,
    status: str | None,
    assignee: str | None,
    priority: str | None,
    q: str | None,
) -> TaskPage:
    await require_member(user, workspace_id)
    descending = sort.startswith("-")
    sort_key = sort.lstrip("-")
    if sort_key not in repository.SORT_KEYS:
        raise ApiError(
            422, f"sort: use one of {', '.join(repository.SORT_KEYS)} (prefix - for descending)", field="sort"
        )
    filters: dict[str, list[str]] = {}
    if statuses := _csv("status", status, STATUSES):
        filters["status"] = statuses
    if priorities := _csv("priority", priority, PRIORITIES):
        filters["priority"] = priorities
    if assignees := _csv("assignee", assignee, None):
        filters["assignee"] = ["-" if a == "none" else a for a in assignees]
    result = await repository.query(workspace_id, sort_key, descending, page * per_page, per_page, q or "", filters)
    tasks = [Task.model_validate(task) for task in result["tasks"]]
    total = int(result["total"])
    return TaskPage(tasks=tasks, page=page, perPage=per_page, hasMore=(page + 1) * per_page < total, total=total)


async def activity(user: PublicUser, task_id: str) -> list[ActivityEntry]:
    workspace_id, seq = parse_task_id(task_id)
    await require_member(user, workspace_id, field="id")
    entries = await repository.activity(workspace_id, seq)
    if entries is None:
        raise ApiError(404, f"no task {task_id}", field="id")
    actors = {u.id: u for u in await accounts.get_users(list({e["actor"] for e in entries}))}
    return [ActivityEntry.model_validate(_with_actor(entry, actors)) for entry in entries]


def _with_actor(entry: dict[str, Any], actors: dict[str, PublicUser]) -> dict[str, Any]:
    return {**entry, "actor": actors.get(entry["actor"])}
