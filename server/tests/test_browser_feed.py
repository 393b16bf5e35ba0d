from tests.support import flows
from tests.support.browser import chromium, screenshots_on_failure, web_build_exists
from tests.support.processes import ApiProcess


async def test_votes_move_bars_and_posts_appear_on_the_other_screen(api: ApiProcess, api2: ApiProcess) -> None:
    web_build_exists()
    async with chromium() as browser:
        page_a = await (await browser.new_context(viewport={"width": 1400, "height": 900})).new_page()
        page_b = await (await browser.new_context(viewport={"width": 1400, "height": 900})).new_page()
        async with screenshots_on_failure("feed_live", {"a": page_a, "b": page_b}):
            await flows.feed(page_a, api.url, page_b, api2.url)
