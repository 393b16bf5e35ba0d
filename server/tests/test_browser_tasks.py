import asyncio

from playwright.async_api import Route, expect

from tests.support import flows
from tests.support.browser import chromium, screenshots_on_failure, sign_up_in_browser, web_build_exists
from tests.support.processes import ApiProcess
from tests.support.users import PASSWORD, unique_username


async def test_two_people_edit_one_table_and_see_each_other(api: ApiProcess, api2: ApiProcess) -> None:
    web_build_exists()
    async with chromium() as browser:
        page_a = await (await browser.new_context(viewport={"width": 1400, "height": 900})).new_page()
        page_b = await (await browser.new_context(viewport={"width": 1400, "height": 900})).new_page()
        async with screenshots_on_failure("tasks_live", {"a": page_a, "b": page_b}):
            await flows.tasks(page_a, api.url, page_b, api2.url)


async def test_filter_sort_and_delete_with_undo(api: ApiProcess) -> None:
    web_build_exists()
    async with chromium() as browser:
        page = await (await browser.new_context(viewport={"width": 1400, "height": 900})).new_page()
        async with screenshots_on_failure("tasks_filters", {"a": page}):
            await flows.tasks_filters_and_undo(page, api.url)


async def test_a_task_created_while_the_list_loads_stays(api: ApiProcess) -> None:
    """The list's answer was read before the create; when it lands late it must not wipe the new
    row (a real CI flake: Enter pressed while a freshly opened workspace was still loading)."""
    web_build_exists()
    async with chromium() as browser:
        page = await (await browser.new_context(viewport={"width": 1400, "height": 900})).new_page()
        async with screenshots_on_failure("tasks_create_during_load", {"a": page}):
            await sign_up_in_browser(page, api.url, unique_username("alice"), PASSWORD, "Alice A")
            await flows.create_workspace_in_browser(page, api.url, "Slow", "SLO")
            await expect(page.get_by_text("No tasks yet")).to_be_visible()
            landed = asyncio.Event()

            async def stale_list(route: Route) -> None:
                response = await route.fetch()  # read from the server now ...
                await asyncio.sleep(2)  # ... and delivered after the create
                await route.fulfill(response=response)
                landed.set()

            await page.route("**/api/tasks?*", stale_list)
            await page.reload()
            await page.get_by_test_id("new-task-title").fill("Made while loading")
            await page.get_by_test_id("new-task-title").press("Enter")
            await asyncio.wait_for(landed.wait(), 10)
            await page.unroute("**/api/tasks?*")
            await expect(page.get_by_test_id("task-row-SLO-1")).to_be_visible()
            await page.wait_for_timeout(500)
            await expect(page.get_by_test_id("task-row-SLO-1")).to_be_visible()


async def test_invite_link_side_panel_and_what_a_stale_tab_is_told(api: ApiProcess, api2: ApiProcess) -> None:
    web_build_exists()
    async with chromium() as browser:
        page_a = await (await browser.new_context(viewport={"width": 1400, "height": 900})).new_page()
        page_b = await (await browser.new_context(viewport={"width": 1400, "height": 900})).new_page()
        async with screenshots_on_failure("tasks_panel_conflicts", {"a": page_a, "b": page_b}):
            await flows.tasks_invite_panel_and_conflicts(page_a, api.url, page_b, api2.url)
