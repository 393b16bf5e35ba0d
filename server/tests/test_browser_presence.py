from playwright.async_api import expect

from tests.support.browser import chromium, screenshots_on_failure, sign_up_in_browser, web_build_exists
from tests.support.processes import ApiProcess
from tests.support.users import PASSWORD, unique_username


async def test_a_sees_b_come_online_without_a_reload(api: ApiProcess, api2: ApiProcess) -> None:
    web_build_exists()
    alice, bob = unique_username("alice"), unique_username("bob")
    async with chromium() as browser:
        page_a = await (await browser.new_context()).new_page()
        page_b = await (await browser.new_context()).new_page()
        async with screenshots_on_failure("a_sees_b_come_online", {"a": page_a, "b": page_b}):
            await sign_up_in_browser(page_a, api.url, alice, PASSWORD, "Alice A")
            await expect(page_a.get_by_test_id(f"online-user-{alice}")).to_be_visible()
            navigations = []
            page_a.on("framenavigated", lambda frame: navigations.append(frame.url))

            # Bob uses the other API process, as behind a load balancer.
            await sign_up_in_browser(page_b, api2.url, bob, PASSWORD, "Bob B")
            await expect(page_a.get_by_test_id(f"online-user-{bob}")).to_be_visible(timeout=5000)
            await expect(page_a.get_by_test_id(f"online-user-{bob}")).to_contain_text("Bob B")
            assert navigations == [], "A's page reloaded"

            await page_b.get_by_test_id("logout-button").click()
            await page_b.wait_for_url(f"{api2.url}/login")
            await expect(page_a.get_by_test_id(f"online-user-{bob}")).to_have_count(0, timeout=10000)


async def test_deep_links_load_on_a_full_page_reload(api: ApiProcess) -> None:
    web_build_exists()
    username = unique_username("deep")
    async with chromium() as browser:
        page = await (await browser.new_context()).new_page()
        async with screenshots_on_failure("deep_links", {"page": page}):
            await sign_up_in_browser(page, api.url, username, PASSWORD, "Deep Linker")
            for path, nav in (("/tasks", "nav-tasks"), ("/feed", "nav-feed"), ("/tasks/ENG-12", "nav-tasks")):
                response = await page.goto(f"{api.url}{path}")
                assert response is not None and response.status == 200
                await expect(page.get_by_test_id("current-user")).to_be_visible()
                await expect(page.get_by_test_id(nav)).to_have_attribute("aria-current", "page")
