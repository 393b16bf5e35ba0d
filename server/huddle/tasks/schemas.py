from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from huddle.auth.schemas import PublicUser

FieldType = Literal["text", "number", "select", "date", "user", "labels"]


class FieldDefinition(BaseModel):
    id: str
    name: str
    type: FieldType
    options: list[str] | None = None
    required: bool = False
    builtin: bool = True
    max_length: int | None = None


class FieldsResponse(BaseModel):
    fields: list[FieldDefinition]


def _field_name(value: str) -> str:
    value = value.strip()
    if not 1 <= len(value) <= 40:
        raise ValueError("must be 1-40 characters")
    return value


class CustomFieldCreate(BaseModel):
    name: str = Field(examples=["Estimate"])
    type: Literal["text", "number", "select", "date"]
    options: list[str] | None = Field(default=None, description="for select fields: 1-50 distinct options")

    @field_validator("name")
    @classmethod
    def name_length(cls, value: str) -> str:
        return _field_name(value)

    @field_validator("options")
    @classmethod
    def distinct_options(cls, options: list[str] | None) -> list[str] | None:
        if options is None:
            return None
        cleaned = [option.strip() for option in options]
        if not 1 <= len(cleaned) <= 50 or any(not 1 <= len(o) <= 60 for o in cleaned):
            raise ValueError("give 1-50 options of 1-60 characters")
        if len(set(cleaned)) != len(cleaned):
            raise ValueError("options must be distinct")
        return cleaned


class CustomFieldRename(BaseModel):
    name: str = Field(examples=["Estimate (days)"])

    @field_validator("name")
    @classmethod
    def name_length(cls, value: str) -> str:
        return _field_name(value)


class WorkspaceCreate(BaseModel):
    name: str = Field(examples=["Engineering"])
    key: str = Field(examples=["ENG"], description="2-5 letters, used in task ids such as ENG-12")

    @field_validator("name")
    @classmethod
    def name_length(cls, value: str) -> str:
        value = " ".join(value.split())
        if not 1 <= len(value) <= 80:
            raise ValueError("must be 1-80 characters")
        return value

    @field_validator("key")
    @classmethod
    def key_shape(cls, value: str) -> str:
        value = value.strip().upper()
        if not (2 <= len(value) <= 5 and value.isascii() and value.isalpha()):
            raise ValueError("must be 2-5 letters, e.g. ENG")
        return value


class Workspace(BaseModel):
    id: str
    name: str
    key: str
    created_at: datetime
    created_by: str
    member_count: int
    role: Literal["owner", "member"]


class WorkspaceList(BaseModel):
    workspaces: list[Workspace]


class Invite(BaseModel):
    code: str
    workspace_id: str


class JoinRequest(BaseModel):
    code: str = Field(max_length=64)


class Member(BaseModel):
    user: PublicUser
    role: Literal["owner", "member"]
    joined_at: datetime


class MemberList(BaseModel):
    members: list[Member]


class Task(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: str
    workspaceId: str
    displayId: str
    sequenceNumber: int
    data: dict[str, Any]
    version: int
    createdAt: datetime
    updatedAt: datetime


class TaskCreate(BaseModel):
    workspaceId: str = Field(max_length=32)
    data: dict[str, Any] = Field(examples=[{"title": "Write the launch post", "status": "todo"}])


class TaskPatch(BaseModel):
    patch: dict[str, Any] = Field(
        examples=[{"status": "done"}], description="JSON merge patch: named fields change, null removes a field"
    )
    expectedVersion: int | None = Field(
        default=None, ge=0, description="refuse (409) if a patched field changed after this version"
    )


class TaskPage(BaseModel):
    tasks: list[Task]
    page: int
    perPage: int
    hasMore: bool
    total: int


class Change(BaseModel):
    field: str
    before: Any = Field(alias="from")
    after: Any = Field(alias="to")

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)


class ActivityEntry(BaseModel):
    at: datetime
    actor: PublicUser | None
    kind: Literal["created", "updated", "deleted", "restored"]
    changes: list[Change]


class ActivityList(BaseModel):
    entries: list[ActivityEntry]


class FieldConflict(BaseModel):
    """A field an edit would overwrite: its current value, and who set it (null if unknown)."""

    field: str
    value: Any = Field(description="the current value (null: the field was removed)")
    version: int = Field(description="the task version of that change")
    changedBy: PublicUser | None


class TaskConflict(BaseModel):
    detail: str
    fields: list[str]
    conflicts: list[FieldConflict]
    task: Task
