from playwright.async_api import expect

from tests.support.browser import chromium, screenshots_on_failure, sign_up_in_browser, web_build_exists
from tests.support.processes import ApiProcess
from tests.support.users import PASSWORD, unique_username


async def test_two_people_edit_one_table_and_see_each_other(api: ApiProcess, api2: ApiProcess) -> None:
    web_build_exists()
    async with chromium() as browser:
        page_a = await (await browser.new_context(viewport={"width": 1400, "height": 900})).new_page()
        page_b = await (await browser.new_context(viewport={"width": 1400, "height": 900})).new_page()
        async with screenshots_on_failure("tasks_live", {"a": page_a, "b": page_b}):
            await sign_up_in_browser(page_a, api.url, unique_username("alice"), PASSWORD, "Alice A")
            await sign_up_in_browser(page_b, api2.url, unique_username("bob"), PASSWORD, "Bob B")

            # A creates a workspace and a task, then invites B.
            await page_a.goto(f"{api.url}/tasks")
            await page_a.get_by_test_id("workspace-create-name").fill("Launch")
            await page_a.get_by_test_id("workspace-create-key").fill("LAU")
            await page_a.get_by_test_id("workspace-create-submit").click()
            await page_a.get_by_test_id("new-task-title").fill("Write the announcement")
            await page_a.get_by_test_id("new-task-title").press("Enter")
            await expect(page_a.get_by_test_id("task-row-LAU-1")).to_be_visible()
            await page_a.get_by_test_id("invite-button").click()
            code = (await page_a.get_by_test_id("invite-code").text_content() or "").strip()
            await page_a.keyboard.press("Escape")

            await page_b.goto(f"{api2.url}/tasks")
            await page_b.get_by_test_id("join-code").fill(code)
            await page_b.get_by_test_id("join-submit").click()
            await expect(page_b.get_by_test_id("task-row-LAU-1")).to_be_visible(timeout=10000)
            reloads: list[str] = []
            page_a.on("load", lambda _: reloads.append("a"))
            page_b.on("load", lambda _: reloads.append("b"))

            # A changes the status; B sees it without a reload.
            await page_a.get_by_test_id("cell-status-LAU-1").select_option("in_progress")
            await expect(page_b.get_by_test_id("cell-status-LAU-1")).to_have_value("in_progress", timeout=5000)

            # B edits the title; A sees it.
            await page_b.get_by_test_id("cell-title-LAU-1").click()
            title = page_b.get_by_test_id("title-input-LAU-1")
            await title.fill("Write and send the announcement")
            await title.press("Enter")
            await expect(page_a.get_by_test_id("cell-title-LAU-1")).to_contain_text(
                "Write and send the announcement", timeout=5000
            )
            await expect(page_a.get_by_test_id("cell-status-LAU-1")).to_have_value("in_progress")
            assert reloads == [], f"pages reloaded: {reloads}"
