from playwright.async_api import Route, expect

from tests.support import flows
from tests.support.browser import ARTIFACTS, chromium, screenshots_on_failure, sign_up_in_browser, web_build_exists
from tests.support.processes import ApiProcess
from tests.support.users import PASSWORD, unique_username


async def test_rename_and_delete_a_custom_field_from_its_column_header(api: ApiProcess, api2: ApiProcess) -> None:
    web_build_exists()
    async with chromium() as browser:
        page_a = await (await browser.new_context(viewport={"width": 1400, "height": 900})).new_page()
        page_b = await (await browser.new_context(viewport={"width": 1400, "height": 900})).new_page()
        async with screenshots_on_failure("tasks_custom_fields", {"a": page_a, "b": page_b}):
            await sign_up_in_browser(page_a, api.url, unique_username("fay"), PASSWORD, "Fay F")
            await sign_up_in_browser(page_b, api2.url, unique_username("gus"), PASSWORD, "Gus G")
            await flows.create_workspace_in_browser(page_a, api.url, "Fields", "FLD")
            await expect(page_a.get_by_text("No tasks yet")).to_be_visible()
            workspace_id = page_a.url.split("/tasks/")[-1].split("?")[0].split("/")[0]
            field = await page_a.request.post(
                f"{api.url}/api/workspaces/{workspace_id}/fields", data={"name": "Size", "type": "text"}
            )
            field_id = (await field.json())["id"]
            await page_a.get_by_test_id("new-task-title").fill("Pick a size")
            await page_a.get_by_test_id("new-task-title").press("Enter")
            await expect(page_a.get_by_test_id("task-row-FLD-1")).to_be_visible()
            code = (await (await page_a.request.get(f"{api.url}/api/workspaces/{workspace_id}/invite")).json())["code"]
            await page_b.goto(f"{api2.url}/tasks")
            await page_b.get_by_test_id("join-code").fill(code)
            await page_b.get_by_test_id("join-submit").click()
            column_b = page_b.get_by_test_id(f"column-{field_id}")
            await expect(column_b).to_contain_text("Size", timeout=10000)

            # Rename from the column's menu: at once here, live in the other member's table.
            column_a = page_a.get_by_test_id(f"column-{field_id}")
            await expect(column_a).to_contain_text("Size", timeout=10000)
            await page_a.get_by_test_id(f"field-menu-{field_id}").click()
            await page_a.get_by_test_id("field-rename-input").fill("T-shirt size %1 __ID__")
            await page_a.screenshot(path=str(ARTIFACTS / "custom_field_menu.png"))
            await page_a.get_by_test_id("field-rename-save").click()
            await expect(column_a).to_contain_text("T-shirt size %1 __ID__")
            await expect(column_b).to_contain_text("T-shirt size %1 __ID__", timeout=5000)

            # A refused rename rolls back, with a toast saying why.
            async def refuse(route: Route) -> None:
                await route.fulfill(
                    status=409,
                    json={"detail": "a field named 'Title' exists", "errors": [{"field": "name", "message": "taken"}]},
                )

            await page_a.route(f"**/api/workspaces/{workspace_id}/fields/{field_id}", refuse)
            await page_a.get_by_test_id(f"field-menu-{field_id}").click()
            await page_a.get_by_test_id("field-rename-input").fill("Title")
            await page_a.get_by_test_id("field-rename-save").click()
            await expect(page_a.get_by_text("a field named 'Title' exists")).to_be_visible()
            await expect(column_a).to_contain_text("T-shirt size %1 __ID__")
            await page_a.unroute(f"**/api/workspaces/{workspace_id}/fields/{field_id}")

            # Delete asks first (in the page, not a native dialog); Cancel keeps the field.
            await page_a.get_by_test_id(f"field-menu-{field_id}").click()
            await page_a.get_by_test_id("field-delete").click()
            dialog = page_a.get_by_test_id("field-delete-dialog")
            await expect(dialog).to_contain_text("cannot be undone")
            await page_a.screenshot(path=str(ARTIFACTS / "custom_field_delete_confirm.png"))
            await dialog.get_by_role("button", name="Cancel").click()
            await page_a.get_by_test_id("field-delete").click()
            await page_a.get_by_test_id("field-delete-confirm").click()
            await expect(column_a).to_have_count(0)
            await expect(column_b).to_have_count(0, timeout=5000)
            await expect(page_b.get_by_test_id("task-row-FLD-1")).to_be_visible()
