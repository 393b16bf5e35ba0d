"""Voting: one ballot per user per poll, changed or retracted atomically (see polls_repository)."""

import hashlib

from huddle.auth.schemas import PublicUser
from huddle.errors import ApiError
from huddle.feed import polls_repository
from huddle.feed.schemas import PollResults

_IDEMPOTENCY_MISMATCH = ApiError(422, "this Idempotency-Key was used with a different request", field="Idempotency-Key")


async def cast(user: PublicUser, poll_id: str, choice: list[str], idempotency_key: str | None) -> PollResults:
    """`choice` empty = retract. With an Idempotency-Key, a retry returns the first answer."""
    request_hash = hashlib.sha256(f"{poll_id}|{','.join(choice)}".encode()).hexdigest()[:32]
    if idempotency_key and not await polls_repository.claim_idempotency_key(user.id, idempotency_key, request_hash):
        raise _IDEMPOTENCY_MISMATCH
    result = await polls_repository.vote(poll_id, user.id, choice, idempotency_key, request_hash)
    error = result.get("error")
    if error == "not_found":
        raise ApiError(404, f"no poll {poll_id}", field="poll_id")
    if error == "closed":
        raise ApiError(409, "this poll is closed")
    if error == "unknown_option":
        option = str(result.get("option"))
        if option.split("-", 1)[0] != poll_id and "-" in option:
            raise ApiError(422, f"option {option} belongs to another poll", field="option_ids")
        raise ApiError(422, f"poll {poll_id} has no option {option}", field="option_ids")
    if error == "single_choice":
        raise ApiError(422, "this poll takes a single choice", field="option_ids")
    if error == "idempotency_mismatch":
        raise _IDEMPOTENCY_MISMATCH
    return PollResults.model_validate(result)
