from playwright.async_api import expect

from tests.support.browser import chromium, screenshots_on_failure, sign_up_in_browser, web_build_exists
from tests.support.processes import ApiProcess
from tests.support.users import PASSWORD, unique_username


async def test_votes_move_bars_and_posts_appear_on_the_other_screen(api: ApiProcess, api2: ApiProcess) -> None:
    web_build_exists()
    async with chromium() as browser:
        page_a = await (await browser.new_context()).new_page()
        page_b = await (await browser.new_context()).new_page()
        async with screenshots_on_failure("feed_live", {"a": page_a, "b": page_b}):
            await sign_up_in_browser(page_a, api.url, unique_username("alice"), PASSWORD, "Alice A")
            await sign_up_in_browser(page_b, api2.url, unique_username("bob"), PASSWORD, "Bob B")
            navigations: list[str] = []
            page_b.on("framenavigated", lambda frame: navigations.append(frame.url))
            page_a.on("framenavigated", lambda frame: navigations.append(frame.url))

            # A creates a poll in the composer; it shows up in B's feed live.
            await page_a.get_by_test_id("composer-tab-poll").click()
            await page_a.get_by_test_id("poll-question").fill("Where do we meet?")
            await page_a.get_by_test_id("poll-option-input-0").fill("Lisbon")
            await page_a.get_by_test_id("poll-option-input-1").fill("Berlin")
            await page_a.get_by_test_id("poll-submit").click()
            poll_b = page_b.locator("[data-testid^=poll-]").filter(has_text="Where do we meet?").first
            await expect(poll_b).to_be_visible(timeout=5000)
            poll_id = (await poll_b.get_attribute("data-testid") or "").removeprefix("poll-")
            lisbon = f"{poll_id}-0"

            # A votes; B's count and bar move without a reload, and A's own echo does not double it.
            await page_a.get_by_test_id(f"poll-option-{lisbon}").click()
            await expect(page_a.get_by_test_id(f"poll-option-votes-{lisbon}")).to_contain_text("1")
            await expect(page_b.get_by_test_id(f"poll-option-votes-{lisbon}")).to_contain_text("1", timeout=5000)
            await expect(page_b.get_by_test_id(f"poll-voters-{poll_id}")).to_contain_text("1 voter")
            await page_a.wait_for_timeout(500)
            await expect(page_a.get_by_test_id(f"poll-option-votes-{lisbon}")).to_contain_text("1")
            await expect(page_a.get_by_test_id(f"poll-voters-{poll_id}")).to_contain_text("1 voter")

            # B votes too; A sees 2.
            await page_b.get_by_test_id(f"poll-option-{lisbon}").click()
            await expect(page_a.get_by_test_id(f"poll-option-votes-{lisbon}")).to_contain_text("2", timeout=5000)

            # B posts; it appears at the top of A's feed.
            await page_b.get_by_test_id("composer-tab-post").click()
            await page_b.get_by_test_id("post-text").fill("Tickets are booked")
            await page_b.get_by_test_id("post-submit").click()
            await expect(page_a.get_by_text("Tickets are booked")).to_be_visible(timeout=5000)
            assert navigations == [], f"a page reloaded: {navigations}"
