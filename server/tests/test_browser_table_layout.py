"""The task table on a laptop (fits, sticky columns), on a phone (cards) and by keyboard (one Tab stop)."""

from typing import Any

from playwright.async_api import Browser, Page, expect

from tests.support import flows
from tests.support.browser import ARTIFACTS, chromium, screenshots_on_failure, sign_up_in_browser, web_build_exists
from tests.support.processes import ApiProcess
from tests.support.users import PASSWORD, unique_username

LONG_TITLE = "Migrate the billing exports to the new warehouse schema and keep the old CSV columns for finance"
TITLES = [
    LONG_TITLE,
    "Fix the flaky login test",
    "Write the onboarding guide for new contractors, with screenshots of every settings page",
    "Rotate the staging certificates",
    "Plan the Q3 offsite",
    "Investigate slow search queries on workspaces with more than ten thousand tasks",
]


async def workspace_with_tasks(page: Page, url: str, key: str, count: int) -> tuple[str, list[dict[str, Any]]]:
    await sign_up_in_browser(page, url, unique_username("tab"), PASSWORD, "Tara Table")
    await flows.create_workspace_in_browser(page, url, "Layout", key)
    await expect(page.get_by_text("No tasks yet")).to_be_visible()
    workspace_id = page.url.split("/tasks/")[-1].split("?")[0].split("/")[0]
    me = await (await page.request.get(f"{url}/api/auth/me")).json()
    tasks = []
    for i in range(count):
        data: dict[str, Any] = {
            "title": TITLES[i % len(TITLES)],
            "status": ["todo", "in_progress", "done", "backlog"][i % 4],
            "priority": ["high", "medium", "low", "urgent"][i % 4],
            "dueDate": f"2031-0{1 + i % 9}-1{i % 10}",
            "labels": ["backend", "billing"] if i % 2 else ["docs"],
        }
        if i % 3 == 0:
            data["assignee"] = me["id"]
        response = await page.request.post(f"{url}/api/tasks", data={"workspaceId": workspace_id, "data": data})
        assert response.status == 201, await response.text()
        tasks.append(await response.json())
    return workspace_id, tasks


async def overflow(page: Page) -> dict[str, int]:
    result: dict[str, int] = await page.evaluate(
        """() => {
            const box = document.querySelector('.tt-scroll');
            return { scroll: box.scrollWidth, client: box.clientWidth, left: box.scrollLeft,
                     page: document.documentElement.scrollWidth, viewport: window.innerWidth };
        }"""
    )
    return result


async def new_page(browser: Browser, width: int, height: int) -> Page:
    return await (await browser.new_context(viewport={"width": width, "height": height})).new_page()


async def test_the_table_fits_a_laptop_and_scrolls_custom_fields_with_sticky_id_and_title(api: ApiProcess) -> None:
    web_build_exists()
    async with chromium() as browser:
        page = await new_page(browser, 1280, 800)
        async with screenshots_on_failure("table_laptop", {"laptop": page}):
            workspace_id, _ = await workspace_with_tasks(page, api.url, "LAP", 8)
            await page.goto(f"{api.url}/tasks/{workspace_id}")
            await expect(page.get_by_test_id("task-row-LAP-8")).to_be_visible()
            await page.wait_for_timeout(300)

            sizes = await overflow(page)
            assert sizes["scroll"] <= sizes["client"], f"the table scrolls sideways at 1280 px: {sizes}"
            assert sizes["page"] <= sizes["viewport"], sizes
            assert sizes["left"] == 0
            focused = await page.evaluate("() => document.activeElement?.dataset?.testid ?? ''")
            assert focused != "new-task-title", "the new-task box took the focus on first view"
            await expect(
                page.get_by_test_id("task-row-LAP-1").get_by_role("button", name="Open LAP-1").first
            ).to_be_in_viewport()

            # The title takes the free space, and a cut title is there in full on hover.
            title_cell = page.get_by_test_id("cell-title-LAP-1")
            box = await title_cell.bounding_box()
            assert box and box["width"] >= 250, box
            await expect(title_cell.locator(f'[title="{LONG_TITLE}"]')).to_have_count(1)
            cut = "e => e.scrollWidth > e.clientWidth"
            assert await title_cell.locator(".tt-text").evaluate(cut), "the long title should be cut here"
            await title_cell.focus()
            assert not await title_cell.locator(".tt-text").evaluate(cut), "a focused title cell shows it all"
            await page.keyboard.press("Escape")
            await title_cell.blur()
            await page.screenshot(path=str(ARTIFACTS / "tasks-laptop.png"))

            # Custom fields: the table scrolls sideways, the ID and title columns stay.
            for name in ("Customer", "Estimate", "Sprint", "Team", "Reviewer", "Region"):
                response = await page.request.post(
                    f"{api.url}/api/workspaces/{workspace_id}/fields", data={"name": name, "type": "text"}
                )
                assert response.status == 201, await response.text()
            await page.reload()
            await expect(page.locator("th.tt-custom")).to_have_count(6)
            await expect(page.get_by_test_id("task-row-LAP-8")).to_be_visible()
            sizes = await overflow(page)
            assert sizes["scroll"] > sizes["client"], sizes
            assert sizes["page"] <= sizes["viewport"], f"the page itself scrolls sideways: {sizes}"
            assert sizes["left"] == 0
            await page.evaluate(
                "() => { const b = document.querySelector('.tt-scroll'); b.scrollLeft = b.scrollWidth; }"
            )
            await page.wait_for_timeout(100)
            container = await page.locator(".tt-scroll").bounding_box()
            id_cell = await page.get_by_test_id("task-row-LAP-3").locator("td.tt-id").bounding_box()
            title_box = await page.get_by_test_id("cell-title-LAP-3").bounding_box()
            assert container and id_cell and title_box
            assert abs(id_cell["x"] - container["x"]) <= 2, (id_cell, container)
            assert abs(title_box["x"] - (id_cell["x"] + id_cell["width"])) <= 2, (title_box, id_cell)
            await page.screenshot(path=str(ARTIFACTS / "tasks-laptop-custom-fields.png"))


async def test_tasks_on_a_phone_are_cards_with_title_status_assignee_and_due(api: ApiProcess) -> None:
    web_build_exists()
    async with chromium() as browser:
        page = await new_page(browser, 390, 844)
        async with screenshots_on_failure("table_phone", {"phone": page}):
            workspace_id, tasks = await workspace_with_tasks(page, api.url, "PHO", 6)
            await page.goto(f"{api.url}/tasks/{workspace_id}")
            card = page.get_by_test_id("task-card-PHO-1")
            await expect(card).to_be_visible()
            await expect(card).to_contain_text(LONG_TITLE[:30])
            await expect(card.get_by_test_id("card-status-PHO-1")).to_have_value("todo")
            await expect(card).to_contain_text("Tara Table")
            await expect(card.get_by_test_id("card-due-PHO-1")).to_be_visible()
            newest = page.get_by_test_id("task-card-PHO-6")
            for el in (newest.get_by_test_id("card-status-PHO-6"), newest.get_by_test_id("card-due-PHO-6")):
                await expect(el).to_be_in_viewport()
            assert (await page.evaluate("() => document.documentElement.scrollWidth")) <= 390
            await page.screenshot(path=str(ARTIFACTS / "tasks-phone.png"))

            # The status is edited on the card, and saved.
            await card.get_by_test_id("card-status-PHO-1").select_option("done")
            task_id = tasks[0]["id"]
            for _ in range(50):
                saved = await (await page.request.get(f"{api.url}/api/tasks/{task_id}")).json()
                if saved["data"].get("status") == "done":
                    break
                await page.wait_for_timeout(100)
            assert saved["data"]["status"] == "done"

            # A tap on the card opens the side panel.
            await page.get_by_test_id("task-card-PHO-2").get_by_role("button", name="Open PHO-2").click()
            await page.wait_for_url(f"**/{tasks[1]['id']}**")
            await expect(page.locator(".tp-panel")).to_be_visible()


async def test_the_table_is_a_grid_with_one_tab_stop_and_arrow_keys(api: ApiProcess) -> None:
    web_build_exists()
    async with chromium() as browser:
        page = await new_page(browser, 1280, 800)
        async with screenshots_on_failure("table_grid_keys", {"laptop": page}):
            workspace_id, _ = await workspace_with_tasks(page, api.url, "KEY", 30)
            await page.goto(f"{api.url}/tasks/{workspace_id}")
            await expect(page.locator("tr.tt-row")).to_have_count(30)
            await page.wait_for_timeout(200)
            stops = await page.evaluate(
                """() => [...document.querySelectorAll('tr.tt-row, tr.tt-row *')].filter(
                     (el) => el.tabIndex >= 0 && !el.disabled && el.getClientRects().length > 0).length"""
            )
            assert stops == 1, f"{stops} Tab stops in the task rows"
            await expect(page.locator("table.tt-table")).to_have_attribute("role", "grid")

            async def focused() -> str:
                cell: str = await page.evaluate(
                    """() => { const td = document.activeElement?.closest('td');
                       const tr = td?.closest('tr');
                       const onCell = document.activeElement === td;
                       return td && tr ? `${tr.dataset.testid}/${td.cellIndex}/${onCell}` : ''; }"""
                )
                return cell

            # Tab from the new-task box lands in the grid's one stop.
            await page.get_by_test_id("new-task-title").focus()
            await page.keyboard.press("Tab")
            first_row = await page.locator("tr.tt-row").first.get_attribute("data-testid")
            assert await focused() == f"{first_row}/0/true"
            await page.keyboard.press("ArrowRight")
            assert await focused() == f"{first_row}/1/true"
            await page.keyboard.press("ArrowDown")
            second_row = await page.locator("tr.tt-row").nth(1).get_attribute("data-testid")
            assert await focused() == f"{second_row}/1/true"
            await page.keyboard.press("ArrowRight")
            assert await focused() == f"{second_row}/2/true"
            await page.keyboard.press("ArrowLeft")
            await page.keyboard.press("j")
            third_row = await page.locator("tr.tt-row").nth(2).get_attribute("data-testid")
            assert await focused() == f"{third_row}/1/true"
            await page.keyboard.press("k")
            assert await focused() == f"{second_row}/1/true"

            # Enter edits the title, Escape cancels and gives the focus back to the cell.
            await page.keyboard.press("Enter")
            editor = page.locator("tr.tt-row").nth(1).locator("input.tt-input")
            await expect(editor).to_be_focused()
            await page.keyboard.type(" (changed)")
            await page.keyboard.press("Escape")
            await expect(editor).to_have_count(0)
            assert await focused() == f"{second_row}/1/true"
            await page.keyboard.press("e")
            await expect(editor).to_be_focused()
            await page.keyboard.press("Escape")
            assert await focused() == f"{second_row}/1/true"

            # Still one Tab stop, now where the user was: Tab leaves the grid, Shift+Tab comes back.
            await page.keyboard.press("Tab")
            assert not (await focused()).startswith("task-row")
            await page.keyboard.press("Shift+Tab")
            assert await focused() == f"{second_row}/1/true"
