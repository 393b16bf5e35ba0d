import asyncio
import uuid

from huddle.feed.polls_repository import recount_from_ballots
from tests.support.feed import create_poll, option_ids, votes_of
from tests.support.processes import ApiProcess
from tests.support.users import signed_up_client, with_session_of


async def test_vote_change_and_retract(api: ApiProcess) -> None:
    author = await signed_up_client(api.url, "author")
    poll = await create_poll(author)
    a, b, _ = option_ids(poll)
    voted = (await author.post("/api/vote/submit", json={"poll_id": poll["id"], "option_id": a})).json()
    assert votes_of(voted) == {a: 1, b: 0, option_ids(poll)[2]: 0}
    assert voted["voters"] == 1 and voted["my_vote"] == [a] and voted["version"] == 1

    changed = (await author.post("/api/vote/submit", json={"poll_id": poll["id"], "option_ids": [b]})).json()
    assert votes_of(changed)[a] == 0 and votes_of(changed)[b] == 1 and changed["voters"] == 1
    assert changed["version"] == 2

    retracted = await author.delete(f"/api/vote/{poll['id']}")
    assert retracted.status_code == 200
    assert retracted.json()["voters"] == 0 and retracted.json()["my_vote"] == [] and retracted.json()["version"] == 3
    assert sum(votes_of(retracted.json()).values()) == 0


async def test_multiple_choice_counts_voters_once(api: ApiProcess) -> None:
    author = await signed_up_client(api.url, "author")
    poll = await create_poll(author, multiple=True)
    a, b, c = option_ids(poll)
    one = (await author.post("/api/vote/submit", json={"poll_id": poll["id"], "option_ids": [a, c]})).json()
    assert one["voters"] == 1 and votes_of(one) == {a: 1, b: 0, c: 1} and one["my_vote"] == sorted([a, c])


async def test_bad_votes_are_refused_and_change_nothing(api: ApiProcess) -> None:
    author = await signed_up_client(api.url, "author")
    poll = await create_poll(author)
    other_poll = await create_poll(author)
    a, b, _ = option_ids(poll)
    cases = [
        ({"poll_id": poll["id"], "option_ids": [a, b]}, 422, "this poll takes a single choice"),
        ({"poll_id": poll["id"], "option_ids": [f"{poll['id']}-9"]}, 422, f"poll {poll['id']} has no option"),
        ({"poll_id": poll["id"], "option_ids": [option_ids(other_poll)[0]]}, 422, "belongs to another poll"),
        ({"poll_id": poll["id"], "option_ids": [a, a]}, 422, "must not repeat an option"),
        ({"poll_id": poll["id"], "option_ids": []}, 422, "choose 1 to 10 options"),
        ({"poll_id": poll["id"]}, 422, "give option_ids (or option_id)"),
        ({"poll_id": "999999999", "option_ids": [a]}, 404, "no poll 999999999"),
    ]
    for body, status, message in cases:
        response = await author.post("/api/vote/submit", json=body)
        assert response.status_code == status, (body, response.text)
        assert message in response.json()["detail"], response.json()
    after = (await author.get(f"/api/polls/{poll['id']}")).json()
    assert after["voters"] == 0 and after["version"] == 0 and after["my_vote"] == []


async def test_an_idempotency_key_replays_the_first_answer(api: ApiProcess) -> None:
    author = await signed_up_client(api.url, "author")
    voter = await signed_up_client(api.url, "voter")
    poll = await create_poll(author)
    a, b, _ = option_ids(poll)
    key = str(uuid.uuid4())
    first = await voter.post(
        "/api/vote/submit", json={"poll_id": poll["id"], "option_ids": [a]}, headers={"Idempotency-Key": key}
    )
    # Someone else votes in between; the replay must still be the first answer, and change nothing.
    await author.post("/api/vote/submit", json={"poll_id": poll["id"], "option_ids": [a]})
    replay = await voter.post(
        "/api/vote/submit", json={"poll_id": poll["id"], "option_ids": [a]}, headers={"Idempotency-Key": key}
    )
    assert replay.status_code == 200 and replay.json() == first.json()
    assert (await voter.get(f"/api/polls/{poll['id']}")).json()["voters"] == 2

    mismatch = await voter.post(
        "/api/vote/submit", json={"poll_id": poll["id"], "option_ids": [b]}, headers={"Idempotency-Key": key}
    )
    assert mismatch.status_code == 422 and mismatch.json()["errors"][0]["field"] == "Idempotency-Key"
    assert (await voter.get(f"/api/polls/{poll['id']}")).json()["my_vote"] == [a]

    # The same key on another poll is a different request too, and changes nothing there.
    other = await create_poll(author)
    elsewhere = await voter.post(
        "/api/vote/submit",
        json={"poll_id": other["id"], "option_ids": [option_ids(other)[0]]},
        headers={"Idempotency-Key": key},
    )
    assert elsewhere.status_code == 422 and elsewhere.json()["errors"][0]["field"] == "Idempotency-Key"
    assert (await voter.get(f"/api/polls/{other['id']}")).json()["voters"] == 0


async def test_100_concurrent_vote_changes_by_one_user_leave_one_ballot(api: ApiProcess, api2: ApiProcess) -> None:
    author = await signed_up_client(api.url, "author")
    poll = await create_poll(author, [f"Option {n}" for n in range(5)])
    options = option_ids(poll)
    voter = await signed_up_client(api.url, "voter")
    voter2 = with_session_of(voter, api2.url)
    requests = [
        (voter if n % 2 else voter2).post(
            "/api/vote/submit", json={"poll_id": poll["id"], "option_ids": [options[n % 5]]}
        )
        for n in range(100)
    ]
    responses = await asyncio.gather(*requests)
    assert all(r.status_code == 200 for r in responses)
    final = (await voter.get(f"/api/polls/{poll['id']}")).json()
    assert final["voters"] == 1
    assert sorted(o["votes"] for o in final["options"]) == [0, 0, 0, 0, 1]
    (mine,) = final["my_vote"]
    assert {o["id"]: o["votes"] for o in final["options"]}[mine] == 1
    recount = await recount_from_ballots(poll["id"])
    assert recount == {"_voters": 1, mine: 1}


async def test_ballots_stay_anonymous_and_visibility_is_respected(api: ApiProcess) -> None:
    author = await signed_up_client(api.url, "author")
    voter = await signed_up_client(api.url, "voter")
    poll = await create_poll(author, results_visibility="after_vote")
    a = option_ids(poll)[0]
    await voter.post("/api/vote/submit", json={"poll_id": poll["id"], "option_ids": [a]})
    seen_by_author = (await author.get(f"/api/polls/{poll['id']}")).json()
    assert all(o["votes"] is None for o in seen_by_author["options"]) and seen_by_author["voters"] == 1
    seen_by_voter = (await voter.get(f"/api/polls/{poll['id']}")).json()
    assert votes_of(seen_by_voter)[a] == 1
    assert voter.headers["x-test-username"] not in (await author.get(f"/api/polls/{poll['id']}")).text
