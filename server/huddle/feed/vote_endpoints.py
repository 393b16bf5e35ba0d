import json
from typing import Annotated

from fastapi import APIRouter, Header, Path, Request
from sse_starlette import EventSourceResponse, ServerSentEvent

from huddle.auth.dependencies import CurrentUserRequired
from huddle.errors import ErrorBody
from huddle.feed import polls_repository, service, votes
from huddle.feed.schemas import OptionVotes, PollResults, VoteRequest
from huddle.live.endpoints import topic_event_stream

router = APIRouter(prefix="/api/vote", tags=["votes"], responses={401: {"model": ErrorBody}, 422: {"model": ErrorBody}})

IdempotencyKey = Annotated[
    str | None,
    Header(alias="Idempotency-Key", max_length=128, description="a retry with the same key returns the first answer"),
]
PollId = Annotated[str, Path(pattern=r"^[0-9]{1,18}$")]


@router.post("/submit", responses={404: {"model": ErrorBody}, 409: {"model": ErrorBody}})
async def submit_vote(
    user: CurrentUserRequired, body: VoteRequest, idempotency_key: IdempotencyKey = None
) -> PollResults:
    """Vote, or change your vote: your ballot becomes exactly `option_ids`."""
    return await votes.cast(user, body.poll_id, body.chosen, idempotency_key)


# `:int` so that /api/vote/submit is not read as a poll id (DELETE there is a 405, not a 422).
@router.delete(
    "/{poll_id:int}",
    responses={
        404: {"model": ErrorBody},
        405: {"model": ErrorBody, "description": "not a poll id"},
        409: {"model": ErrorBody},
    },
)
async def retract_vote(
    user: CurrentUserRequired, poll_id: Annotated[int, Path(ge=0)], idempotency_key: IdempotencyKey = None
) -> PollResults:
    return await votes.cast(user, str(poll_id), [], idempotency_key)


@router.get(
    "/stream/{poll_id}",
    response_class=EventSourceResponse,
    responses={200: {"content": {"text/event-stream": {}}}, 404: {"model": ErrorBody}},
)
async def vote_stream(request: Request, user: CurrentUserRequired, poll_id: PollId) -> EventSourceResponse:
    """The poll's counts now (`poll_counts`), then every change (seed 001's stream)."""
    poll = await service.get_poll(user, poll_id)
    hidden = any(option.votes is None for option in poll.options)
    current = PollResults(
        poll_id=poll.id,
        options=None if hidden else [OptionVotes(id=o.id, votes=o.votes or 0) for o in poll.options],
        voters=poll.voters,
        version=poll.version,
        closed=poll.closed,
        my_vote=poll.my_vote,
    )
    snapshot = ServerSentEvent(
        data=json.dumps({"topic": polls_repository.topic(poll_id), **current.model_dump(mode="json")}),
        event="poll_counts",
    )
    return await topic_event_stream(request, user, [polls_repository.topic(poll_id)], None, initial=[snapshot])
