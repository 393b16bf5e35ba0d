"""axe-core in the browser: no serious or critical accessibility violations on the main screens."""

from typing import Any

from playwright.async_api import Page, expect

from huddle.config import REPO_ROOT
from tests.support import flows
from tests.support.browser import chromium, screenshots_on_failure, sign_up_in_browser, web_build_exists
from tests.support.processes import ApiProcess
from tests.support.users import PASSWORD, unique_username

AXE = REPO_ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")


async def axe_violations(page: Page) -> list[str]:
    assert AXE.is_file(), "axe-core is missing: `make deps` installs the web devDependencies"
    if not await page.evaluate("() => typeof window.axe !== 'undefined'"):
        await page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = await page.evaluate("() => axe.run(document, { resultTypes: ['violations'] })")
    return [
        f"{v['impact']} {v['id']}: {v['help']} -> "
        + "; ".join(f"{node['target']} {node.get('failureSummary', '')[:160]!r}" for node in v["nodes"][:4])
        for v in result["violations"]
        if v["impact"] in BLOCKING
    ]


async def assert_accessible(page: Page, screen: str) -> None:
    found = await axe_violations(page)
    assert not found, f"{screen}:\n" + "\n".join(found)


async def test_main_screens_have_no_serious_axe_violations(api: ApiProcess) -> None:
    web_build_exists()
    async with chromium() as browser:
        page = await (await browser.new_context(viewport={"width": 1280, "height": 800})).new_page()
        async with screenshots_on_failure("a11y", {"page": page}):
            await page.goto(f"{api.url}/login")
            await expect(page.get_by_test_id("login-form")).to_be_visible()
            await assert_accessible(page, "login")

            # The feed is shared with every other test's posts: this one's texts are its own.
            question = f"Lunch {unique_username('q')}?"
            await sign_up_in_browser(page, api.url, unique_username("a11y"), PASSWORD, "Ada Access")
            await page.get_by_test_id("post-text").fill("Release notes are up")
            await page.get_by_test_id("post-submit").click()
            await page.get_by_test_id("composer-tab-poll").click()
            await page.get_by_test_id("poll-question").fill(question)
            await page.get_by_test_id("poll-option-input-0").fill("Pizza")
            await page.get_by_test_id("poll-option-input-1").fill("Sushi")
            await page.get_by_test_id("poll-submit").click()
            await expect(page.get_by_text(question)).to_be_visible()
            await expect(page.get_by_test_id("connection-status")).to_have_attribute("data-state", "live")
            await assert_accessible(page, "feed")

            await flows.create_workspace_in_browser(page, api.url, "Access", "ACC")
            await page.get_by_test_id("new-task-title").fill("Audit the colours")
            await page.get_by_test_id("new-task-title").press("Enter")
            await expect(page.get_by_text("Audit the colours")).to_be_visible()
            await assert_accessible(page, "tasks")

            await page.get_by_test_id("open-task-ACC-1").click()
            await expect(page.get_by_test_id("task-panel")).to_be_visible()
            await page.wait_for_timeout(300)
            await assert_accessible(page, "task panel")

            await page.goto(f"{api.url}/code")
            await page.get_by_test_id("new-room").click()
            await expect(page.locator(".cm-content")).to_be_visible()
            await page.locator(".cm-content").click()
            await page.keyboard.type("def greet(name):\n    return name\n")
            await page.wait_for_timeout(500)
            await assert_accessible(page, "code room")
