import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from huddle.feed import polls_repository
from huddle.feed.closer import close_due_polls
from tests.support.feed import create_poll, option_ids, votes_of
from tests.support.processes import ApiProcess
from tests.support.sse import EventStream, data
from tests.support.users import signed_up_client


async def test_a_poll_has_the_documented_shape(api: ApiProcess) -> None:
    author = await signed_up_client(api.url, "author")
    closes = (datetime.now(UTC) + timedelta(hours=2)).isoformat()
    poll = await create_poll(author, ["Yes", "No"], multiple=True, closes_at=closes, results_visibility="after_vote")
    assert set(poll) == {
        "id",
        "type",
        "author",
        "question",
        "options",
        "voters",
        "multiple",
        "closes_at",
        "closed",
        "results_visibility",
        "my_vote",
        "version",
        "created_at",
    }
    assert poll["type"] == "poll" and poll["multiple"] and not poll["closed"] and poll["my_vote"] == []
    assert [o["text"] for o in poll["options"]] == ["Yes", "No"]
    assert all(o["votes"] is None for o in poll["options"])  # hidden until this user votes
    fetched = (await author.get(f"/api/polls/{poll['id']}")).json()
    assert fetched == poll
    feed = (await author.get("/api/feed", params={"limit": 1})).json()
    assert feed["items"][0] == poll


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"question": "Q", "options": ["only one"]}, "options", "give 2 to 10 options"),
        ({"question": "Q", "options": [str(n) for n in range(11)]}, "options", "give 2 to 10 options"),
        ({"question": "Q", "options": ["Same", "same "]}, "options", "options must be distinct"),
        ({"question": "Q", "options": ["A", "  "]}, "options", "options must not be empty"),
        ({"question": "  ", "options": ["A", "B"]}, "question", "must not be empty"),
        ({"question": "x" * 301, "options": ["A", "B"]}, "question", "must be at most 300 characters"),
        (
            {"question": "Q", "options": ["A", "B"], "closes_at": "2020-01-01T00:00:00Z"},
            "closes_at",
            "must be in the future",
        ),
        ({"question": "Q", "options": ["A", "B"], "results_visibility": "never"}, "results_visibility", None),
    ],
)
async def test_bad_polls_are_refused(api: ApiProcess, body: dict[str, object], field: str, message: str | None) -> None:
    author = await signed_up_client(api.url, "author")
    before = (await author.get("/api/feed", params={"limit": 5})).json()["items"]
    response = await author.post("/api/polls", json=body)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert any(e["field"] == field and (message is None or e["message"] == message) for e in errors), errors
    assert (await author.get("/api/feed", params={"limit": 5})).json()["items"] == before


@pytest.mark.parametrize("path", ["/api/polls", "/api/vote/submit"])
async def test_malformed_json_is_refused_with_422(api: ApiProcess, path: str) -> None:
    author = await signed_up_client(api.url, "author")
    response = await author.post(
        path, content=b'{"question": "Q", "options": [', headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "body"


async def test_a_poll_closes_by_time_refuses_votes_and_retractions_and_announces_it(api: ApiProcess) -> None:
    author = await signed_up_client(api.url, "author")
    voter = await signed_up_client(api.url, "voter")
    closes_at = datetime.now(UTC) + timedelta(seconds=2)
    poll = await create_poll(author, results_visibility="after_close", closes_at=closes_at.isoformat())
    first = option_ids(poll)[0]
    assert (
        await voter.post("/api/vote/submit", json={"poll_id": poll["id"], "option_ids": [first]})
    ).status_code == 200
    async with EventStream(voter, [f"poll:{poll['id']}"]) as stream:
        closed = await stream.wait_for(lambda e: e.event == "poll_closed", timeout=8)
    assert data(closed)["closed"] is True and votes_of(data(closed))[first] == 1  # final counts, now public
    late = await voter.post("/api/vote/submit", json={"poll_id": poll["id"], "option_ids": [option_ids(poll)[1]]})
    assert late.status_code == 409
    assert (await voter.delete(f"/api/vote/{poll['id']}")).status_code == 409
    shown = (await voter.get(f"/api/polls/{poll['id']}")).json()
    assert shown["closed"] is True and shown["my_vote"] == [first] and shown["voters"] == 1


async def test_the_author_closes_a_poll_early_and_votes_are_refused_after(api: ApiProcess) -> None:
    author = await signed_up_client(api.url, "author")
    voter = await signed_up_client(api.url, "voter")
    poll = await create_poll(author, results_visibility="after_close")
    first = option_ids(poll)[0]
    hidden = (await voter.post("/api/vote/submit", json={"poll_id": poll["id"], "option_ids": [first]})).json()
    assert hidden["options"] is None and hidden["voters"] == 1

    assert (await voter.post(f"/api/polls/{poll['id']}/close")).status_code == 403
    closed = await author.post(f"/api/polls/{poll['id']}/close")
    assert closed.status_code == 200 and closed.json()["closed"]
    assert closed.json()["options"][0]["votes"] == 1  # results show once closed

    refused = await voter.post("/api/vote/submit", json={"poll_id": poll["id"], "option_ids": [option_ids(poll)[1]]})
    assert refused.status_code == 409
    assert (await voter.get(f"/api/polls/{poll['id']}")).json()["my_vote"] == [first]


async def test_only_the_author_deletes_a_poll(api: ApiProcess) -> None:
    author = await signed_up_client(api.url, "author")
    other = await signed_up_client(api.url, "other")
    poll = await create_poll(author)
    assert (await other.delete(f"/api/polls/{poll['id']}")).status_code == 403
    assert (await author.delete(f"/api/polls/{poll['id']}")).status_code == 204
    assert (await author.get(f"/api/polls/{poll['id']}")).status_code == 404
    assert poll["id"] not in [item["id"] for item in (await author.get("/api/feed")).json()["items"]]
    assert (await author.post("/api/vote/submit", json={"poll_id": poll["id"], "option_id": "x"})).status_code == 404


async def test_the_closer_keeps_a_scheduled_poll_that_may_still_be_on_its_way() -> None:
    """The schedule is written just before the poll: a poll missing soon after its time is kept."""
    now_ms = int(time.time() * 1000)
    on_its_way, long_gone = f"9{uuid.uuid4().int % 10**12}", f"8{uuid.uuid4().int % 10**12}"
    await polls_repository.schedule_close(on_its_way, now_ms - 5_000)
    await polls_repository.schedule_close(long_gone, now_ms - 120_000)
    await close_due_polls()
    due = dict(await polls_repository.due_closings(now_ms))
    assert on_its_way in due and long_gone not in due
    await polls_repository.unschedule_close(on_its_way)
