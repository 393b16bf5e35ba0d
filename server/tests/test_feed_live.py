import asyncio
import json
import time

from tests.support.feed import create_poll, option_ids, votes_of
from tests.support.processes import ApiProcess
from tests.support.sse import EventStream, data
from tests.support.users import signed_up_client


async def test_the_seed_vote_stream_sends_current_counts_at_once_then_changes(
    api: ApiProcess, api2: ApiProcess
) -> None:
    author = await signed_up_client(api.url, "author")
    poll = await create_poll(author)
    a, b, _ = option_ids(poll)
    await author.post("/api/vote/submit", json={"poll_id": poll["id"], "option_ids": [a]})

    texts: list[str] = []
    async with author.stream("GET", f"/api/vote/stream/{poll['id']}") as response:
        assert response.status_code == 200

        async def read() -> None:
            async for line in response.aiter_lines():
                if line.startswith("data:"):
                    texts.append(line[5:].strip())

        reader = asyncio.create_task(read())
        deadline = time.monotonic() + 5
        while not any('"poll_counts"' in t or '"poll_id"' in t for t in texts):
            assert time.monotonic() < deadline
            await asyncio.sleep(0.05)
        snapshot = json.loads(next(t for t in texts if '"poll_id"' in t))
        assert votes_of(snapshot)[a] == 1 and snapshot["version"] == 1

        voter = await signed_up_client(api2.url, "voter")  # a vote through the other process
        await voter.post("/api/vote/submit", json={"poll_id": poll["id"], "option_ids": [b]})
        while not any('"version":2' in t for t in texts):
            assert time.monotonic() < deadline
            await asyncio.sleep(0.05)
        reader.cancel()
    update = json.loads(next(t for t in texts if '"version":2' in t))
    assert votes_of(update) == {a: 1, b: 1, option_ids(poll)[2]: 0} and update["voters"] == 2


async def test_feed_and_poll_topics_carry_creations_counts_and_deletions(api: ApiProcess, api2: ApiProcess) -> None:
    watcher = await signed_up_client(api.url, "watcher")
    author = await signed_up_client(api2.url, "author")
    poll = await create_poll(author)
    async with EventStream(watcher, ["feed", f"poll:{poll['id']}"]) as stream:
        await stream.wait_for(lambda e: e.event == "ready")
        post = (await author.post("/api/posts", json={"text": "hello team"})).json()
        created = await stream.wait_for(lambda e: e.event == "item_created" and data(e)["item"]["id"] == post["id"])
        assert data(created)["item"] == post and data(created)["topic"] == "feed"

        await author.post("/api/vote/submit", json={"poll_id": poll["id"], "option_ids": [option_ids(poll)[1]]})
        counts = await stream.wait_for(lambda e: e.event == "poll_counts")
        assert data(counts)["version"] == 1 and votes_of(data(counts))[option_ids(poll)[1]] == 1
        assert data(counts)["my_vote"] == []  # a broadcast never carries anyone's ballot

        await author.delete(f"/api/posts/{post['id']}")
        deleted = await stream.wait_for(lambda e: e.event == "item_deleted")
        assert data(deleted) == {"topic": "feed", "id": post["id"], "type": "post"}

        assert (await author.delete(f"/api/polls/{poll['id']}")).status_code == 204
        gone = await stream.wait_for(lambda e: e.event == "poll_deleted")
        assert data(gone) == {"topic": f"poll:{poll['id']}", "poll_id": poll["id"]}
        unlisted = await stream.wait_for(lambda e: e.event == "item_deleted" and data(e)["type"] == "poll")
        assert data(unlisted) == {"topic": "feed", "id": poll["id"], "type": "poll"}


async def test_hidden_results_do_not_leak_through_events(api: ApiProcess) -> None:
    watcher = await signed_up_client(api.url, "watcher")
    author = await signed_up_client(api.url, "author")
    poll = await create_poll(author, results_visibility="after_close")
    async with EventStream(watcher, [f"poll:{poll['id']}"]) as stream:
        await author.post("/api/vote/submit", json={"poll_id": poll["id"], "option_ids": [option_ids(poll)[0]]})
        counts = await stream.wait_for(lambda e: e.event == "poll_counts")
        assert data(counts)["options"] is None and data(counts)["voters"] == 1
        await author.post(f"/api/polls/{poll['id']}/close")
        closed = await stream.wait_for(lambda e: e.event == "poll_closed")
        assert votes_of(data(closed))[option_ids(poll)[0]] == 1 and data(closed)["closed"]


async def test_a_poll_stream_resumes_after_a_disconnect(api: ApiProcess, api2: ApiProcess) -> None:
    watcher = await signed_up_client(api.url, "watcher")
    poll = await create_poll(watcher, multiple=True)
    options = option_ids(poll)
    async with EventStream(watcher, [f"poll:{poll['id']}"]) as stream:
        ready = await stream.wait_for(lambda e: e.event == "ready")
    voters = [await signed_up_client(api2.url, "voter") for _ in range(3)]
    for voter in voters:
        await voter.post("/api/vote/submit", json={"poll_id": poll["id"], "option_ids": options[:2]})
    async with EventStream(watcher, [f"poll:{poll['id']}"], last_event_id=ready.id) as resumed:
        latest = await resumed.wait_for(lambda e: e.event == "poll_counts" and data(e)["version"] == 3)
        await asyncio.sleep(0.3)
    # Counts are absolute, so a replay sends only the newest state: no backlog, nothing missed.
    assert [data(e)["version"] for e in resumed.of_type("poll_counts")] == [3]
    assert votes_of(data(latest)) == {options[0]: 3, options[1]: 3, options[2]: 0}


async def test_a_subscriber_gets_at_most_about_10_count_updates_per_second(api: ApiProcess, api2: ApiProcess) -> None:
    author = await signed_up_client(api.url, "author")
    poll = await create_poll(author, [f"O{n}" for n in range(4)])
    options = option_ids(poll)
    voters = [await signed_up_client(api2.url if n % 2 else api.url, "voter") for n in range(20)]
    async with EventStream(author, [f"poll:{poll['id']}"]) as stream:
        await stream.wait_for(lambda e: e.event == "ready")
        started = time.monotonic()
        rounds = 15
        for round_number in range(rounds):
            await asyncio.gather(
                *[
                    voter.post(
                        "/api/vote/submit",
                        json={"poll_id": poll["id"], "option_ids": [options[(n + round_number) % 4]]},
                    )
                    for n, voter in enumerate(voters)
                ]
            )
        final_version = rounds * len(voters)  # every vote moves a ballot, so bumps the version
        # However many updates are held back, the newest state always arrives.
        await stream.wait_for(lambda e: e.event == "poll_counts" and data(e)["version"] == final_version, timeout=5)
        elapsed = time.monotonic() - started
    received = stream.of_type("poll_counts")
    versions = [data(e)["version"] for e in received]
    assert versions == sorted(versions)  # never older after newer
    assert len(received) <= 10 * elapsed + 3, f"{len(received)} updates in {elapsed:.2f}s"
    assert len(received) < final_version / 2  # far fewer than one per vote


async def test_a_deleted_polls_topic_does_not_refuse_the_whole_stream(api: ApiProcess) -> None:
    author = await signed_up_client(api.url, "author")
    poll = await create_poll(author)
    await author.delete(f"/api/polls/{poll['id']}")
    async with EventStream(author, ["feed", f"poll:{poll['id']}"]) as stream:
        assert stream.status_code == 200
        post = (await author.post("/api/posts", json={"text": "still live"})).json()
        await stream.wait_for(lambda e: e.event == "item_created" and data(e)["item"]["id"] == post["id"])
