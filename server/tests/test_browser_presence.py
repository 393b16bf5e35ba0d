from playwright.async_api import expect

from tests.support import flows
from tests.support.browser import chromium, screenshots_on_failure, sign_up_in_browser, web_build_exists
from tests.support.processes import ApiProcess
from tests.support.users import PASSWORD, unique_username


async def test_a_sees_b_come_online_without_a_reload(api: ApiProcess, api2: ApiProcess) -> None:
    web_build_exists()
    async with chromium() as browser:
        page_a = await (await browser.new_context()).new_page()
        page_b = await (await browser.new_context()).new_page()
        async with screenshots_on_failure("a_sees_b_come_online", {"a": page_a, "b": page_b}):
            await flows.presence(page_a, api.url, page_b, api2.url)


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
