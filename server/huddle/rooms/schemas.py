from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

Language = Literal["python", "javascript", "typescript", "json", "markdown", "plaintext"]
# Seed 003's `POST /rooms` makes 6 hex characters (24 bits, guessable: see room_limits); rooms made
# by `POST /api/rooms` (the web app) get 24 (96 bits).
SEED_ROOM_ID_HEX = 6
ROOM_ID_HEX = 24
ROOM_ID_PATTERN = r"^(?:[0-9a-f]{6}|[0-9a-f]{24})$"


class RoomCreate(BaseModel):
    language: Language = "python"


class RoomCreated(BaseModel):
    room_id: str
    join_url: str
    ws_url: str


class RoomExists(BaseModel):
    exists: bool
    room_id: str


class Participant(BaseModel):
    id: str
    name: str
    color: str
    guest: bool


class Room(BaseModel):
    room_id: str
    language: Language
    epoch: str
    created_at: datetime
    participants: list[Participant]


class RoomJoined(BaseModel):
    room: Room
    me: Participant


class LanguageChange(BaseModel):
    language: Language


class DocumentState(BaseModel):
    epoch: str
    update: str = Field(description="base64 of the whole Yjs document state (text in getText('code'))")


class DocumentUpdate(BaseModel):
    epoch: str = Field(max_length=64)
    client_id: int = Field(
        default=0, ge=0, lt=2**53, strict=True, description="the sender's Yjs clientID (lets it skip its echo)"
    )
    # No maxLength: the size is checked in service.apply_update, which answers 413 like the body
    # limit does (a 422 would stop the web client from splitting a batch that is too big).
    update: str = Field(
        description="base64 of a Yjs update; more than HUDDLE_ROOM_MAX_UPDATE_BYTES decoded is refused with 413"
    )


class RoomReset(BaseModel):
    epoch: str


class Selection(BaseModel):
    anchor: int = Field(ge=0, strict=True)
    head: int = Field(ge=0, strict=True)


class AwarenessUpdate(BaseModel):
    client_id: int = Field(ge=0, lt=2**53, strict=True)
    update: str = Field(description="base64 y-protocols awareness update", max_length=20_000)
    cursor: Selection | None = Field(default=None, description="plain offsets, forwarded to seed clients")


class Leave(BaseModel):
    client_id: int = Field(ge=0, lt=2**53, strict=True)


class AwarenessStates(BaseModel):
    updates: list[str]


class AutocompleteRequest(BaseModel):
    code: str = Field(max_length=200_000)
    cursor_position: int = Field(strict=True)
    language: str = Field(default="python", max_length=20)


class AutocompleteSuggestion(BaseModel):
    suggestion: str
    insert_position: int


class Completion(BaseModel):
    label: str
    type: str
    detail: str | None = None
    apply: str


class Completions(BaseModel):
    from_: int = Field(alias="from", serialization_alias="from")
    completions: list[Completion]

    model_config = {"populate_by_name": True, "serialize_by_alias": True}
