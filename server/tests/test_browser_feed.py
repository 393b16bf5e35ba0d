import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from playwright.async_api import Page, Route, expect

from tests.support import flows
from tests.support.browser import chromium, screenshots_on_failure, sign_up_in_browser, web_build_exists
from tests.support.feed import create_poll, option_ids
from tests.support.processes import ApiProcess
from tests.support.users import PASSWORD, signed_up_client, unique_username


async def test_votes_move_bars_and_posts_appear_on_the_other_screen(api: ApiProcess, api2: ApiProcess) -> None:
    web_build_exists()
    async with chromium() as browser:
        page_a = await (await browser.new_context(viewport={"width": 1400, "height": 900})).new_page()
        page_b = await (await browser.new_context(viewport={"width": 1400, "height": 900})).new_page()
        async with screenshots_on_failure("feed_live", {"a": page_a, "b": page_b}):
            await flows.feed(page_a, api.url, page_b, api2.url)


async def test_a_post_that_arrives_while_an_older_page_loads_stays(api: ApiProcess) -> None:
    """The next page's result is built on the pages as they were when it was asked for; a live
    post that arrived meanwhile must survive it landing."""
    web_build_exists()
    author = await signed_up_client(api.url, "author")
    for n in range(25):  # more than one page of 20
        response = await author.post("/api/posts", json={"text": f"Backlog post {n}"})
        assert response.status_code == 201, response.text
    async with chromium() as browser:
        page = await (await browser.new_context(viewport={"width": 1400, "height": 900})).new_page()
        async with screenshots_on_failure("feed_live_during_next_page", {"b": page}):
            await sign_up_in_browser(page, api.url, unique_username("reader"), PASSWORD, "Reader R")
            await expect(page.get_by_test_id("feed-list")).to_be_visible()
            landed = asyncio.Event()

            async def slow_older_pages(route: Route) -> None:
                await asyncio.sleep(2)  # the real server answers; the answer just lands late
                await route.continue_()
                landed.set()

            await page.route("**/api/feed?*cursor=*", slow_older_pages)
            await page.get_by_test_id("feed-more").scroll_into_view_if_needed()
            await expect(page.get_by_text("Loading more…")).to_be_visible()
            text = f"Arrived during the load {unique_username('p')}"
            response = await author.post("/api/posts", json={"text": text})
            assert response.status_code == 201, response.text
            await expect(page.get_by_text(text)).to_be_visible(timeout=5000)
            await asyncio.wait_for(landed.wait(), 10)
            await page.wait_for_timeout(500)
            await expect(page.get_by_text(text)).to_be_visible()


@asynccontextmanager
async def a_poll_and_a_page(
    api: ApiProcess, test_name: str
) -> AsyncIterator[tuple[httpx.AsyncClient, dict[str, Any], Page]]:
    """The poll's author (results always shown), their poll, and a browser page not yet signed in."""
    web_build_exists()
    author = await signed_up_client(api.url, "author")
    poll = await create_poll(author, results_visibility="always")
    async with chromium() as browser:
        page = await (await browser.new_context(viewport={"width": 1400, "height": 900})).new_page()
        async with screenshots_on_failure(test_name, {"a": page}):
            yield author, poll, page


async def test_my_vote_counts_once_when_its_echo_beats_the_answer(api: ApiProcess) -> None:
    """The live event of my own vote can arrive before the HTTP answer; the bars must not count it twice."""
    async with a_poll_and_a_page(api, "feed_echo_first") as (_, poll, page):
        first = option_ids(poll)[0]
        await sign_up_in_browser(page, api.url, unique_username("voter"), PASSWORD, "Voter V")
        await expect(page.get_by_test_id(f"poll-{poll['id']}")).to_be_visible()
        await page.wait_for_timeout(500)  # the stream follows the poll's topic
        landed = asyncio.Event()

        async def late_answer(route: Route) -> None:
            response = await route.fetch()  # the vote is counted and its event published now ...
            await asyncio.sleep(1.5)  # ... and the answer arrives after the event
            await route.fulfill(response=response)
            landed.set()

        await page.route("**/api/vote/submit", late_answer)
        await page.get_by_test_id(f"poll-option-{first}").click()
        await page.wait_for_timeout(1000)  # the echo has arrived; the answer has not
        assert not landed.is_set()
        # Read now, not with a retrying expect: the answer would fix the count before it gave up.
        assert await page.get_by_test_id(f"poll-voters-{poll['id']}").inner_text() == "1 voter"
        assert await page.get_by_test_id(f"poll-option-votes-{first}").inner_text() == "1"
        await asyncio.wait_for(landed.wait(), 10)
        await page.wait_for_timeout(300)
        await expect(page.get_by_test_id(f"poll-voters-{poll['id']}")).to_contain_text("1 voter")
        await expect(page.get_by_test_id(f"poll-option-votes-{first}")).to_have_text("1")


async def test_a_refused_vote_rolls_back_with_a_toast(api: ApiProcess) -> None:
    """The page never heard the poll close (its stream is down); the server refuses the vote."""
    async with a_poll_and_a_page(api, "feed_vote_refused") as (author, poll, page):
        first = option_ids(poll)[0]
        await page.route("**/api/events?*", lambda route: route.abort())
        feed_loads = 0

        async def first_feed_load_only(route: Route) -> None:
            # Nor may a refetch tell it (the page refetches the feed while its stream is down).
            nonlocal feed_loads
            feed_loads += 1
            await (route.continue_() if feed_loads == 1 else route.abort())

        await page.route("**/api/feed*", first_feed_load_only)
        await sign_up_in_browser(page, api.url, unique_username("voter"), PASSWORD, "Voter V")
        await expect(page.get_by_test_id(f"poll-{poll['id']}")).to_be_visible()
        assert (await author.post(f"/api/polls/{poll['id']}/close")).status_code == 200
        await page.get_by_test_id(f"poll-option-{first}").click()
        await expect(page.get_by_role("alert").filter(has_text="closed")).to_be_visible()
        await expect(page.get_by_test_id(f"poll-voters-{poll['id']}")).to_contain_text("0 voters")
        await expect(page.get_by_test_id(f"poll-option-votes-{first}")).to_have_text("0")


async def test_an_old_poll_scrolled_into_view_moves_live(api: ApiProcess) -> None:
    """A stream follows at most 50 topics; the feed follows the polls in view, not just the newest."""
    web_build_exists()
    author = await signed_up_client(api.url, "author")
    polls = [await create_poll(author, [f"Yes {n}", f"No {n}"], results_visibility="always") for n in range(45)]
    oldest = polls[0]
    voter = await signed_up_client(api.url, "voter")
    async with chromium() as browser:
        page = await (await browser.new_context(viewport={"width": 1400, "height": 900})).new_page()
        async with screenshots_on_failure("feed_old_poll_live", {"a": page}):
            await sign_up_in_browser(page, api.url, unique_username("reader"), PASSWORD, "Reader R")
            old_card = page.get_by_test_id(f"poll-{oldest['id']}")
            for _ in range(10):  # infinite scroll: 20 items a page
                if await old_card.count():
                    break
                await page.get_by_test_id("feed-more").scroll_into_view_if_needed()
                await page.wait_for_timeout(700)
            await old_card.scroll_into_view_if_needed()
            await expect(page.get_by_test_id(f"poll-option-votes-{option_ids(oldest)[0]}")).to_have_text("0")
            await page.wait_for_timeout(2000)  # the stream now follows the polls around it
            vote = await voter.post(
                "/api/vote/submit", json={"poll_id": oldest["id"], "option_ids": [option_ids(oldest)[0]]}
            )
            assert vote.status_code == 200
            await expect(page.get_by_test_id(f"poll-option-votes-{option_ids(oldest)[0]}")).to_have_text(
                "1", timeout=5000
            )
            await expect(page.get_by_test_id(f"poll-voters-{oldest['id']}")).to_contain_text("1 voter")
