"""Rules for a workspace's custom fields: add, rename, delete. Any member may do each, as any member
may edit and delete tasks; a deleted field takes its values with it (see custom_fields_repository)."""

from typing import Any

from huddle.auth.schemas import PublicUser
from huddle.errors import ApiError
from huddle.tasks import custom_fields_repository as repository
from huddle.tasks.access import require_member
from huddle.tasks.fields import BUILTIN_FIELDS, FREE_FORM_KEY
from huddle.tasks.schemas import CustomFieldCreate, CustomFieldRename, FieldDefinition

MAX_FIELDS = 30
# A script refuses when the fields (or, for a delete, the tasks) changed after they were read;
# read again a few times, then give up rather than spin under a storm of concurrent changes.
ATTEMPTS = 5


async def custom_fields(workspace_id: str) -> list[FieldDefinition]:
    return [FieldDefinition.model_validate(field) for field in await repository.custom_fields(workspace_id)]


FREE_FORM_RULE = "(a letter, then letters, digits or _, at most 40, not cf_...)"


def free_form_fields(data: dict[str, Any], custom: list[FieldDefinition]) -> list[FieldDefinition]:
    """A text field for each key of `data` that names no field yet: seed 002's `data` is free-form
    ({"owner": "John Doe"}). Not stored yet: the task's values are checked against them first."""
    known = {field.id for field in [*BUILTIN_FIELDS, *custom]}
    new = []
    for name, value in data.items():
        if name in known or value is None:
            continue
        if not FREE_FORM_KEY.fullmatch(name):
            message = f"{name[:40]}: is not a field of this workspace, nor a key for a new one {FREE_FORM_RULE}"
            raise ApiError(422, message, field=name[:40])
        new.append(FieldDefinition(id=name, name=name, type="text", builtin=False))
    if new and len(custom) + len(new) > MAX_FIELDS:
        raise ApiError(422, f"a workspace has at most {MAX_FIELDS} custom fields", field=new[0].id)
    return new


async def add_free_form_fields(workspace_id: str, fields: list[FieldDefinition]) -> None:
    for field in fields:
        definition = field.model_dump(exclude={"max_length"})
        if await repository.add_free_form(workspace_id, field.id, definition, MAX_FIELDS) == "full":
            raise ApiError(422, f"a workspace has at most {MAX_FIELDS} custom fields", field=field.id)


def _busy() -> ApiError:
    return ApiError(409, "the fields of this workspace changed meanwhile; try again", field="name")


def _require_free_name(name: str, fields: list[dict[str, Any]], except_id: str | None = None) -> None:
    taken = {f.name.casefold() for f in BUILTIN_FIELDS} | {
        str(f["name"]).casefold() for f in fields if f["id"] != except_id
    }
    if name.casefold() in taken:
        raise ApiError(409, f"a field named '{name}' exists", field="name")


async def add_field(user: PublicUser, workspace_id: str, body: CustomFieldCreate) -> FieldDefinition:
    await require_member(user, workspace_id, field="id")
    if body.type == "select" and not body.options:
        raise ApiError(422, "options: a select field needs options", field="options")
    definition: dict[str, Any] = {
        "name": body.name,
        "type": body.type,
        "builtin": False,
        "required": False,
        "options": body.options if body.type == "select" else None,
    }
    for _ in range(ATTEMPTS):
        current = await repository.snapshot(workspace_id)
        if len(current.definitions) >= MAX_FIELDS:
            raise ApiError(422, f"a workspace has at most {MAX_FIELDS} custom fields", field="name")
        _require_free_name(body.name, current.definitions)
        created = await repository.add(workspace_id, current.version, definition)
        if created is not None:
            return FieldDefinition.model_validate(created)
    raise _busy()


def _not_found(field_id: str) -> ApiError:
    return ApiError(404, f"no custom field {field_id[:40]} in this workspace", field="field_id")


async def rename_field(user: PublicUser, workspace_id: str, field_id: str, body: CustomFieldRename) -> FieldDefinition:
    await require_member(user, workspace_id, field="id")
    for _ in range(ATTEMPTS):
        current = await repository.snapshot(workspace_id)
        field = next((f for f in current.definitions if f["id"] == field_id), None)
        if field is None:
            raise _not_found(field_id)
        _require_free_name(body.name, current.definitions, except_id=field_id)
        renamed = {**field, "name": body.name}
        outcome = await repository.rename(workspace_id, current.version, field_id, renamed)
        if outcome == repository.NOT_FOUND:
            raise _not_found(field_id)
        if outcome != repository.CHANGED:
            return FieldDefinition.model_validate(renamed)
    raise _busy()


async def delete_field(user: PublicUser, workspace_id: str, field_id: str) -> None:
    await require_member(user, workspace_id, field="id")
    for _ in range(ATTEMPTS):
        outcome = await repository.delete(workspace_id, field_id)
        if outcome == repository.NOT_FOUND:
            raise _not_found(field_id)
        if outcome != repository.CHANGED:
            return
    raise ApiError(409, "tasks were being created meanwhile; try again", field="field_id")
