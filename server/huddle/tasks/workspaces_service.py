from datetime import datetime
from typing import Any

from huddle.auth import service as accounts
from huddle.auth.schemas import PublicUser
from huddle.errors import ApiError
from huddle.tasks import workspaces_repository as repository
from huddle.tasks.access import require_member, require_owner
from huddle.tasks.fields import BUILTIN_FIELDS, FREE_FORM_KEY, MAX_CUSTOM_FIELDS
from huddle.tasks.schemas import (
    CustomFieldCreate,
    FieldDefinition,
    Invite,
    Member,
    Workspace,
    WorkspaceCreate,
)


async def _workspace(meta: dict[str, str], user: PublicUser) -> Workspace:
    membership = await repository.membership(meta["id"], user.id) or {}
    return Workspace(
        id=meta["id"],
        name=meta["name"],
        key=meta["key"],
        created_at=datetime.fromisoformat(meta["created_at"]),
        created_by=meta["created_by"],
        member_count=await repository.member_count(meta["id"]),
        role=membership.get("role", "member"),
    )


async def create(user: PublicUser, body: WorkspaceCreate) -> Workspace:
    meta = await repository.create(repository.new_id(), body.name, body.key, user.id, repository.new_invite_code())
    return await _workspace(meta, user)


async def list_for(user: PublicUser) -> list[Workspace]:
    workspaces = []
    for workspace_id in await repository.workspace_ids_of(user.id):
        meta = await repository.get_meta(workspace_id)
        if meta and await repository.membership(workspace_id, user.id):
            workspaces.append(await _workspace(meta, user))
    return sorted(workspaces, key=lambda w: w.name.lower())


async def get(user: PublicUser, workspace_id: str) -> Workspace:
    return await _workspace(await require_member(user, workspace_id, field="id"), user)


async def invite(user: PublicUser, workspace_id: str) -> Invite:
    meta = await require_member(user, workspace_id, field="id")
    return Invite(code=meta["invite_code"], workspace_id=workspace_id)


async def rotate_invite(user: PublicUser, workspace_id: str) -> Invite:
    meta = await require_owner(user, workspace_id)
    code = repository.new_invite_code()
    await repository.replace_invite(workspace_id, meta["invite_code"], code)
    return Invite(code=code, workspace_id=workspace_id)


async def join(user: PublicUser, code: str) -> Workspace:
    workspace_id = await repository.workspace_of_invite(code.strip())
    meta = await repository.get_meta(workspace_id) if workspace_id else None
    if meta is None or meta.get("invite_code") != code.strip():
        raise ApiError(404, "this invite code is not valid (it may have been replaced)", field="code")
    await repository.add_member(meta["id"], user.id, user.model_dump(mode="json"))
    return await _workspace(meta, user)


async def members(user: PublicUser, workspace_id: str) -> list[Member]:
    await require_member(user, workspace_id, field="id")
    memberships = await repository.members(workspace_id)
    users = {u.id: u for u in await accounts.get_users(list(memberships))}
    listed = [
        Member(user=users[user_id], role=info["role"], joined_at=datetime.fromisoformat(info["joined_at"]))
        for user_id, info in memberships.items()
        if user_id in users
    ]
    return sorted(listed, key=lambda m: (m.role != "owner", m.user.display_name.lower()))


async def is_member(workspace_id: str, user_id: str) -> bool:
    return await repository.membership(workspace_id, user_id) is not None


async def custom_fields(workspace_id: str) -> list[FieldDefinition]:
    return [FieldDefinition.model_validate(field) for field in await repository.custom_fields(workspace_id)]


async def fields(user: PublicUser, workspace_id: str | None) -> list[FieldDefinition]:
    if workspace_id is None:
        return list(BUILTIN_FIELDS)
    await require_member(user, workspace_id)
    return [*BUILTIN_FIELDS, *await custom_fields(workspace_id)]


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
    if len(custom) + len(new) > MAX_CUSTOM_FIELDS:
        raise ApiError(422, f"a workspace has at most {MAX_CUSTOM_FIELDS} custom fields", field=new[0].id)
    return new


async def add_free_form_fields(workspace_id: str, fields: list[FieldDefinition]) -> None:
    for field in fields:
        definition = field.model_dump(exclude={"max_length"})
        if await repository.add_free_form_field(workspace_id, definition, MAX_CUSTOM_FIELDS) < 0:
            raise ApiError(422, f"a workspace has at most {MAX_CUSTOM_FIELDS} custom fields", field=field.id)


async def add_field(user: PublicUser, workspace_id: str, body: CustomFieldCreate) -> FieldDefinition:
    await require_member(user, workspace_id, field="id")
    if body.type == "select" and not body.options:
        raise ApiError(422, "options: a select field needs options", field="options")
    existing = await custom_fields(workspace_id)
    if len(existing) >= MAX_CUSTOM_FIELDS:
        raise ApiError(422, f"a workspace has at most {MAX_CUSTOM_FIELDS} custom fields", field="name")
    if body.name.lower() in {f.name.lower() for f in [*BUILTIN_FIELDS, *existing]}:
        raise ApiError(409, f"a field named '{body.name}' exists", field="name")
    definition: dict[str, Any] = {
        "name": body.name,
        "type": body.type,
        "builtin": False,
        "required": False,
        "options": body.options if body.type == "select" else None,
    }
    return FieldDefinition.model_validate(await repository.add_custom_field(workspace_id, definition))
