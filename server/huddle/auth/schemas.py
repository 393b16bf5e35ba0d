import re
from datetime import datetime

from pydantic import BaseModel, Field, field_validator

USERNAME_PATTERN = re.compile(r"^[a-z0-9_]{3,32}$")
# Room guests get ids `guest_<hex>` (huddle.rooms.guests) in the same namespace as user ids: an
# account named like one would take over that guest's identity and colour.
RESERVED_USERNAME_PREFIX = "guest"
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 1024


def _password_length(value: str) -> str:
    if len(value) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"must be at least {MIN_PASSWORD_LENGTH} characters")
    if len(value) > MAX_PASSWORD_LENGTH:
        raise ValueError(f"must be at most {MAX_PASSWORD_LENGTH} characters")
    return value


class PublicUser(BaseModel):
    """The only user shape that leaves the server: no password hash, nothing private."""

    id: str
    username: str
    display_name: str
    color: str
    created_at: datetime


class SignupRequest(BaseModel):
    # The rules are enforced by the validators below (for clearer messages); declared here too so
    # the schema, and the types generated from it, tell clients the same.
    username: str = Field(examples=["ada"], json_schema_extra={"pattern": "^[A-Za-z0-9_]{3,32}$"})
    password: str = Field(examples=["correct horse battery"], json_schema_extra={"minLength": 8, "maxLength": 1024})
    display_name: str | None = Field(default=None, max_length=64)

    @field_validator("username")
    @classmethod
    def username_shape(cls, value: str) -> str:
        value = value.strip().lower()
        if not USERNAME_PATTERN.match(value):
            raise ValueError("must be 3-32 characters of a-z, 0-9 and _")
        if value.startswith(RESERVED_USERNAME_PREFIX):
            raise ValueError(f"may not start with '{RESERVED_USERNAME_PREFIX}' (reserved for room guests)")
        return value

    @field_validator("password")
    @classmethod
    def password_length(cls, value: str) -> str:
        return _password_length(value)

    @field_validator("display_name")
    @classmethod
    def display_name_not_blank(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = " ".join(value.split())
        return value or None


class LoginRequest(BaseModel):
    username: str = Field(max_length=64)
    password: str = Field(max_length=1024)


class PasswordChange(BaseModel):
    current_password: str = Field(max_length=MAX_PASSWORD_LENGTH)
    new_password: str = Field(json_schema_extra={"minLength": MIN_PASSWORD_LENGTH, "maxLength": MAX_PASSWORD_LENGTH})

    @field_validator("new_password")
    @classmethod
    def new_password_length(cls, value: str) -> str:
        return _password_length(value)
