import asyncio

from playwright.async_api import Route, expect

from tests.support import flows
from tests.support.browser import chromium, screenshots_on_failure, sign_up_in_browser, web_build_exists
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
