from datetime import UTC, datetime, timedelta
from typing import Annotated, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from huddle.auth.schemas import PublicUser

MAX_POST_LENGTH = 5000
MAX_QUESTION_LENGTH = 300
MAX_OPTION_LENGTH = 200
ResultsVisibility = Literal["always", "after_vote", "after_close"]


def _collapse(value: str) -> str:
    return value.strip()


class PostCreate(BaseModel):
    text: str = Field(examples=["Shipped the new onboarding flow 🎉"])

    @field_validator("text")
    @classmethod
    def text_length(cls, value: str) -> str:
        value = _collapse(value)
        if not value:
            raise ValueError("must not be empty")
        if len(value) > MAX_POST_LENGTH:
            raise ValueError(f"must be at most {MAX_POST_LENGTH} characters")
        return value


class PollCreate(BaseModel):
    question: str = Field(examples=["Where should we hold the offsite?"])
    options: list[str] = Field(examples=[["Lisbon", "Berlin", "Online"]])
    multiple: bool = False
    closes_at: datetime | None = None
    results_visibility: ResultsVisibility = "always"

    @field_validator("question")
    @classmethod
    def question_length(cls, value: str) -> str:
        value = _collapse(value)
        if not value:
            raise ValueError("must not be empty")
        if len(value) > MAX_QUESTION_LENGTH:
            raise ValueError(f"must be at most {MAX_QUESTION_LENGTH} characters")
        return value

    @field_validator("options")
    @classmethod
    def distinct_options(cls, options: list[str]) -> list[str]:
        cleaned = [_collapse(option) for option in options]
        if not 2 <= len(cleaned) <= 10:
            raise ValueError("give 2 to 10 options")
        if any(not option for option in cleaned):
            raise ValueError("options must not be empty")
        if any(len(option) > MAX_OPTION_LENGTH for option in cleaned):
            raise ValueError(f"options must be at most {MAX_OPTION_LENGTH} characters")
        if len({option.casefold() for option in cleaned}) != len(cleaned):
            raise ValueError("options must be distinct")
        return cleaned

    @field_validator("closes_at")
    @classmethod
    def closes_in_the_future(cls, value: datetime | None) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("must include a timezone, e.g. 2026-12-01T12:00:00Z")
        now = datetime.now(UTC)
        if value <= now:
            raise ValueError("must be in the future")
        if value > now + timedelta(days=366):
            raise ValueError("must be within a year")
        return value


class Post(BaseModel):
    id: str
    type: Literal["post"] = "post"
    author: PublicUser
    text: str
    created_at: datetime


class PollOption(BaseModel):
    id: str
    text: str
    votes: int | None = Field(description="null while the poll's results are hidden from this user")


class Poll(BaseModel):
    id: str
    type: Literal["poll"] = "poll"
    author: PublicUser
    question: str
    options: list[PollOption]
    voters: int
    multiple: bool
    closes_at: datetime | None
    closed: bool
    results_visibility: ResultsVisibility
    my_vote: list[str]
    version: int
    created_at: datetime


FeedItem = Annotated[Post | Poll, Field(discriminator="type")]


class FeedPage(BaseModel):
    items: list[FeedItem]
    next_cursor: str | None


class OptionVotes(BaseModel):
    id: str
    votes: int


class PollResults(BaseModel):
    """A poll's absolute counts at `version`; `options` is null while results are hidden."""

    poll_id: str
    options: list[OptionVotes] | None
    voters: int
    version: int
    closed: bool
    my_vote: list[str]


class VoteRequest(BaseModel):
    poll_id: str = Field(max_length=32)
    option_ids: list[str] | None = Field(default=None, description="the chosen options (one for single choice)")
    option_id: str | None = Field(default=None, description="shorthand for a single option")

    @model_validator(mode="after")
    def one_way_to_choose(self) -> "VoteRequest":
        if self.option_ids is None and self.option_id is None:
            raise ValueError("give option_ids (or option_id)")
        if self.option_ids is not None and self.option_id is not None:
            raise ValueError("give option_ids or option_id, not both")
        return self

    @field_validator("option_ids")
    @classmethod
    def distinct_choices(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        if not 1 <= len(value) <= 10:
            raise ValueError("choose 1 to 10 options")
        if len(set(value)) != len(value):
            raise ValueError("must not repeat an option")
        return value

    @property
    def chosen(self) -> list[str]:
        return sorted(self.option_ids if self.option_ids is not None else [self.option_id or ""])
