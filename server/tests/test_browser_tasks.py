from tests.support import flows
from tests.support.browser import chromium, screenshots_on_failure, web_build_exists
from tests.support.processes import ApiProcess


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
