"""The app shell in a browser: phone layout, connection state, shortcuts, titles and not-found pages."""

from collections.abc import AsyncIterator

import httpx
import pytest
from playwright.async_api import Browser, Page, ViewportSize, expect

from tests.support import flows
from tests.support.browser import chromium, screenshots_on_failure, sign_up_in_browser, web_build_exists
from tests.support.processes import ApiProcess, start_api, start_api_on_port
from tests.support.users import PASSWORD, signed_up_client, unique_username

PHONE: ViewportSize = {"width": 390, "height": 844}
# Issue 16: what does not scroll on a phone (top bar, tabs) takes at most 15% of the screen.
MAX_PHONE_CHROME = 0.15


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    web_build_exists()
    async with chromium() as launched:
        yield launched


async def phone_page(browser: Browser) -> Page:
    context = await browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    return await context.new_page()


async def fixed_chrome_height(page: Page) -> float:
    main = await page.locator("#main").bounding_box()
    assert main is not None
    return PHONE["height"] - main["height"]


async def test_phone_shell_is_compact_with_online_list_behind_a_button(api: ApiProcess, browser: Browser) -> None:
    page = await phone_page(browser)
    username = unique_username("phone")
    async with screenshots_on_failure("phone_shell", {"page": page}):
        await sign_up_in_browser(page, api.url, username, PASSWORD, "Pat Phone")
        for path in ("/feed", "/tasks", "/code"):
            await page.goto(f"{api.url}{path}")
            await expect(page.locator("#main")).to_be_visible()
            chrome = await fixed_chrome_height(page)
            assert chrome <= MAX_PHONE_CHROME * PHONE["height"], f"{path}: {chrome}px of fixed chrome"
            for nav in ("nav-feed", "nav-tasks", "nav-code-rooms"):
                await expect(page.get_by_test_id(nav)).to_be_in_viewport()

        await expect(page.get_by_test_id(f"online-user-{username}")).to_be_hidden()
        await page.get_by_test_id("online-toggle").click()
        await expect(page.get_by_test_id(f"online-user-{username}")).to_be_visible()
        await page.keyboard.press("Escape")
        await expect(page.get_by_test_id(f"online-user-{username}")).to_be_hidden()


async def test_phone_new_workspace_form_is_usable_and_the_name_stays_visible(api: ApiProcess, browser: Browser) -> None:
    page = await phone_page(browser)
    async with screenshots_on_failure("phone_workspace", {"page": page}):
        await sign_up_in_browser(page, api.url, unique_username("phone"), PASSWORD, "Pat Phone")
        await page.goto(f"{api.url}/tasks")
        name_box = await page.get_by_test_id("workspace-create-name").bounding_box()
        assert name_box is not None and name_box["width"] >= 200, name_box
        assert name_box["x"] + name_box["width"] <= PHONE["width"]
        await flows.create_workspace_in_browser(page, api.url, "Mobile launch", "MOB")
        await expect(page.get_by_test_id("workspace-name")).to_have_text("Mobile launch")
        await expect(page.get_by_test_id("workspace-name")).to_be_in_viewport(ratio=1)
        cut = await page.get_by_test_id("workspace-name").evaluate("el => el.scrollWidth > el.clientWidth")
        assert not cut, "the workspace name is cut off"


async def test_connection_indicator_goes_offline_and_catches_up_on_reconnect(
    api: ApiProcess, redis_url: str, browser: Browser
) -> None:
    own = start_api(redis_url)
    page = await (await browser.new_context()).new_page()
    try:
        async with screenshots_on_failure("connection_indicator", {"page": page}):
            username = unique_username("conn")
            await sign_up_in_browser(page, own.url, username, PASSWORD, "Connie")
            status = page.get_by_test_id("connection-status")
            await expect(status).to_have_attribute("data-state", "live", timeout=10000)
            await expect(page.get_by_test_id("online-list")).not_to_have_attribute("data-stale", "true")
            await page.goto(f"{own.url}/tasks")
            await expect(status).to_have_attribute("data-state", "live", timeout=10000)
            await page.goto(f"{own.url}/feed")
            await expect(status).to_have_attribute("data-state", "live", timeout=10000)

            own.stop()
            await expect(status).to_have_attribute("data-state", "offline", timeout=10000)
            await expect(status).to_contain_text("Offline")
            await expect(page.get_by_test_id("online-list")).to_have_attribute("data-stale", "true")

            # Written while this tab's server is down (through another process on the same Redis).
            other = await signed_up_client(api.url, "other")
            try:
                text = f"Posted while you were away {unique_username('t')}"
                response = await other.post("/api/posts", json={"text": text})
                assert response.status_code == 201, response.text
            finally:
                await other.aclose()

            restarted = start_api_on_port(redis_url, own.port)
            own = restarted
            await expect(status).to_have_attribute("data-state", "live", timeout=20000)
            await expect(page.get_by_test_id("online-list")).not_to_have_attribute("data-stale", "true")
            await expect(page.get_by_text(text)).to_be_visible(timeout=10000)
    finally:
        own.stop()


async def test_unknown_urls_answer_404_with_the_not_found_page(api: ApiProcess, browser: Browser) -> None:
    page = await (await browser.new_context()).new_page()
    async with screenshots_on_failure("not_found", {"page": page}):
        await sign_up_in_browser(page, api.url, unique_username("nf"), PASSWORD, "Nora Found")
        for path in ("/nothing-here", "/feed/extra/deep", "/tasksx"):
            response = await page.goto(f"{api.url}{path}")
            assert response is not None and response.status == 404, path
            await expect(page.get_by_test_id("not-found")).to_be_visible()
            await expect(page).to_have_title("Page not found · Huddle")
        for path in ("/feed", "/tasks", "/tasks/ENG-12", "/code", "/login"):
            response = await page.goto(f"{api.url}{path}")
            assert response is not None and response.status == 200, path

        # Deep links that name nothing: the same design, in words instead of a validation error.
        await page.goto(f"{api.url}/code/not-a-room")
        await expect(page.get_by_test_id("not-found")).to_contain_text("That isn't a room link")
        await expect(page.get_by_text("String should match pattern")).to_have_count(0)
        await page.goto(f"{api.url}/code/abc123")
        await expect(page.get_by_test_id("not-found")).to_contain_text("This room doesn't exist")
        await page.goto(f"{api.url}/tasks/0000000000")
        await expect(page.get_by_test_id("not-found")).to_contain_text("Workspace not found")


async def test_every_page_has_its_own_title(api: ApiProcess, browser: Browser) -> None:
    page = await (await browser.new_context()).new_page()
    async with screenshots_on_failure("titles", {"page": page}):
        await page.goto(f"{api.url}/login")
        await expect(page).to_have_title("Sign in · Huddle")
        await sign_up_in_browser(page, api.url, unique_username("title"), PASSWORD, "Tia Title")
        await expect(page).to_have_title("Feed · Huddle")
        await page.get_by_test_id("nav-tasks").click()
        await expect(page).to_have_title("Tasks · Huddle")
        await page.get_by_test_id("nav-code-rooms").click()
        await expect(page).to_have_title("Code rooms · Huddle")


async def test_signup_and_lockout_messages_are_friendly(api: ApiProcess, browser: Browser) -> None:
    page = await (await browser.new_context()).new_page()
    username = unique_username("taken")
    async with httpx.AsyncClient(base_url=api.url) as client:
        response = await client.post("/api/auth/signup", json={"username": username, "password": PASSWORD})
        assert response.status_code == 201
    async with screenshots_on_failure("friendly_messages", {"page": page}):
        await page.goto(f"{api.url}/signup")
        await page.fill("#username", username)
        await page.fill("#password", PASSWORD)
        await page.click("[data-testid=signup-form] button[type=submit]")
        await expect(page.get_by_text("That username is already taken")).to_be_visible()

        await page.goto(f"{api.url}/login")
        for _ in range(6):
            await page.fill("#username", username)
            await page.fill("#password", "wrong password")
            await page.click("[data-testid=login-form] button[type=submit]")
            await page.wait_for_timeout(150)
        await expect(page.get_by_text("in 15 minutes")).to_be_visible()


async def test_command_menu_and_keyboard_shortcuts(api: ApiProcess, browser: Browser) -> None:
    page = await (await browser.new_context()).new_page()
    async with screenshots_on_failure("shortcuts", {"page": page}):
        await sign_up_in_browser(page, api.url, unique_username("keys"), PASSWORD, "Kim Keys")
        await flows.create_workspace_in_browser(page, api.url, "Keyboard", "KEY")
        await page.get_by_test_id("new-task-title").fill("Learn the shortcuts")
        await page.get_by_test_id("new-task-title").press("Enter")
        await expect(page.get_by_text("Learn the shortcuts")).to_be_visible()
        workspace_url = page.url.split("?")[0]

        await page.get_by_test_id("nav-feed").click()
        await page.wait_for_url(f"{api.url}/feed")
        await page.keyboard.press("Control+k")
        await expect(page.get_by_test_id("command-menu")).to_be_visible()
        await page.keyboard.type("code rooms")
        await page.keyboard.press("Enter")
        await page.wait_for_url(f"{api.url}/code")
        await expect(page.get_by_test_id("command-menu")).to_be_hidden()
        await expect(page.get_by_test_id("new-room")).to_be_visible()

        await page.keyboard.press("Control+k")
        await page.keyboard.type("key-1")
        await expect(page.get_by_test_id("command-menu")).to_contain_text("Open KEY-1")
        await page.keyboard.press("Enter")
        await expect(page.get_by_test_id("task-panel")).to_be_visible()
        assert page.url.startswith(workspace_url), page.url
        await expect(page).to_have_title("KEY-1 Learn the shortcuts · Huddle")

        await page.locator("body").click(position={"x": 5, "y": 5})
        await page.keyboard.press("Escape")
        await expect(page.get_by_test_id("task-panel")).to_be_hidden()

        await page.keyboard.press("?")
        help_dialog = page.get_by_test_id("shortcuts-help")
        await expect(help_dialog).to_be_visible()
        await expect(help_dialog).to_contain_text("Command menu")
        await page.keyboard.press("Escape")
        await expect(help_dialog).to_be_hidden()

        await page.keyboard.press("/")
        await expect(page.get_by_test_id("task-search")).to_be_focused()
        await page.keyboard.type("xyz")
        await expect(page.get_by_test_id("task-search")).to_have_value("xyz")  # "/" itself was not typed
        await page.get_by_test_id("task-search").fill("")
        await page.locator("body").click(position={"x": 5, "y": 5})
        await page.keyboard.press("c")
        await expect(page.get_by_test_id("new-task-title")).to_be_focused()
        await expect(page.get_by_test_id("new-task-title")).to_have_value("")


async def test_poll_composer_keys_custom_deadline_radios_and_confirm_dialog(api: ApiProcess, browser: Browser) -> None:
    page = await (await browser.new_context()).new_page()
    async with screenshots_on_failure("poll_keys", {"page": page}):
        await sign_up_in_browser(page, api.url, unique_username("poll"), PASSWORD, "Pia Poll")
        await page.get_by_test_id("composer-tab-poll").click()
        question = f"Offsite city {unique_username('q')}"
        await page.get_by_test_id("poll-question").fill(question)
        await page.get_by_test_id("poll-question").press("Enter")
        await expect(page.get_by_test_id("poll-option-input-0")).to_be_focused()
        for i, city in enumerate(("Lisbon", "Berlin", "Porto")):
            await page.keyboard.type(city)
            await page.keyboard.press("Enter")
            await expect(page.get_by_test_id(f"poll-option-input-{i + 1}")).to_be_focused()
        await expect(page.get_by_test_id("poll-option-input-3")).to_have_value("")
        await expect(page.locator(".field-error")).to_have_count(0)  # Enter never sent the poll

        await page.get_by_test_id("poll-closes").select_option("custom")
        await page.get_by_test_id("poll-closes-at").fill("2020-01-01T10:00")
        await page.get_by_test_id("poll-submit").click()
        await expect(page.get_by_text("Pick a time in the future.")).to_be_visible()
        in_two_days = await page.evaluate(
            "() => { const d = new Date(Date.now() + 2 * 86400000 + 3600000);"
            " const p = (n) => String(n).padStart(2, '0');"
            " return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`"
            " + `T${p(d.getHours())}:${p(d.getMinutes())}`; }"
        )
        await page.get_by_test_id("poll-closes-at").fill(in_two_days)
        await page.get_by_test_id("poll-submit").click()
        card = page.locator("[data-testid^=poll-]").filter(has_text=question).first
        await expect(card).to_be_visible()
        poll_id = (await card.get_attribute("data-testid") or "").removeprefix("poll-")
        await expect(card.locator(".poll-footer")).to_contain_text("closes in 2d")

        # Radios: one Tab stop, arrow keys move between options without voting, Space votes.
        first = page.get_by_test_id(f"poll-option-{poll_id}-0")
        assert await first.get_attribute("tabindex") == "0"
        assert await page.get_by_test_id(f"poll-option-{poll_id}-1").get_attribute("tabindex") == "-1"
        await first.focus()
        await page.keyboard.press("ArrowDown")
        await expect(page.get_by_test_id(f"poll-option-{poll_id}-1")).to_be_focused()
        await page.keyboard.press("ArrowUp")
        await page.keyboard.press("ArrowUp")
        await expect(page.get_by_test_id(f"poll-option-{poll_id}-2")).to_be_focused()
        await expect(page.get_by_test_id(f"poll-option-{poll_id}-2")).to_have_attribute("aria-checked", "false")
        await page.keyboard.press("Space")
        await expect(page.get_by_test_id(f"poll-option-{poll_id}-2")).to_have_attribute("aria-checked", "true")

        # Deleting asks in the page, not with the browser's confirm().
        page.on("dialog", lambda dialog: pytest.fail(f"a native dialog opened: {dialog.message}"))
        await page.get_by_test_id(f"delete-item-{poll_id}").click()
        await expect(page.get_by_test_id("confirm-dialog")).to_be_visible()
        await page.get_by_test_id("confirm-cancel").click()
        await expect(card).to_be_visible()
        await page.get_by_test_id(f"delete-item-{poll_id}").click()
        await page.get_by_test_id("confirm-ok").click()
        await expect(page.get_by_text(question)).to_have_count(0)


async def test_draft_scroll_last_workspace_and_logout_in_every_tab(api: ApiProcess, browser: Browser) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 800})
    page = await context.new_page()
    async with screenshots_on_failure("memories", {"page": page}):
        username = unique_username("mem")
        await sign_up_in_browser(page, api.url, username, PASSWORD, "Mia Memory")

        # The post draft survives a reload.
        await page.get_by_test_id("post-text").fill("Half-written thought")
        await page.wait_for_timeout(200)
        await page.reload()
        await expect(page.get_by_test_id("post-text")).to_have_value("Half-written thought")
        await page.get_by_test_id("post-text").fill("")

        # The feed's scroll position survives a trip to another page.
        for i in range(14):
            await page.get_by_test_id("post-text").fill(f"Status update {i:02d} for the scroll test")
            await page.get_by_test_id("post-submit").click()
            await expect(page.locator(".feed-post-text", has_text=f"Status update {i:02d}")).to_be_visible()
        await page.locator("#main").evaluate("main => main.scrollTo(0, 900)")
        await page.wait_for_timeout(200)
        await page.get_by_test_id("nav-code-rooms").click()
        await page.wait_for_url(f"{api.url}/code")
        await page.get_by_test_id("nav-feed").click()
        await page.wait_for_url(f"{api.url}/feed")
        await expect(page.locator(".feed-post-text", has_text="Status update 00")).to_be_attached()
        await page.wait_for_timeout(500)
        scrolled = await page.locator("#main").evaluate("main => main.scrollTop")
        assert abs(scrolled - 900) < 40, scrolled

        # Tasks reopens the workspace used last; the breadcrumb still leads to the list.
        await flows.create_workspace_in_browser(page, api.url, "Remembered", "REM")
        await expect(page.get_by_test_id("workspace-name")).to_have_text("Remembered")
        await page.get_by_test_id("nav-feed").click()
        await page.wait_for_url(f"{api.url}/feed")
        await page.get_by_test_id("nav-tasks").click()
        await expect(page.get_by_test_id("workspace-name")).to_have_text("Remembered")
        await page.get_by_text("Workspaces", exact=True).click()
        await expect(page.get_by_test_id("workspace-create-name")).to_be_visible()
        await page.wait_for_timeout(500)
        await expect(page.get_by_test_id("workspace-create-name")).to_be_visible()

        # Logging out in one tab signs the other out too.
        other = await context.new_page()
        await other.goto(f"{api.url}/feed")
        await expect(other.get_by_test_id("current-user")).to_be_visible()
        await page.get_by_test_id("logout-button").click()
        await page.wait_for_url(f"{api.url}/login")
        await other.wait_for_url(f"{api.url}/login", timeout=5000)


async def test_remote_name_labels_show_on_activity_then_fade(api: ApiProcess, browser: Browser) -> None:
    writer = await (await browser.new_context()).new_page()
    reader = await (await browser.new_context()).new_page()
    async with screenshots_on_failure("name_labels", {"writer": writer, "reader": reader}):
        await sign_up_in_browser(writer, api.url, unique_username("wri"), PASSWORD, "Wren Writer")
        await writer.goto(f"{api.url}/code")
        await expect(writer.get_by_test_id("room-expiry-hint")).to_contain_text("2 hours without activity")
        await writer.get_by_test_id("new-room").click()
        await expect(writer.locator(".cm-content")).to_be_visible()
        await reader.goto(writer.url)
        await expect(reader.locator(".cm-content")).to_be_visible()
        await expect(reader.locator(".cm-content")).to_have_attribute("aria-label", "Shared code editor")

        await writer.locator(".cm-content").click()
        await writer.keyboard.type("print('hi')", delay=20)
        label = reader.locator(".cm-ySelectionInfo").first
        await expect(label).to_contain_text("Wren Writer", timeout=10000)
        await expect(label).to_have_css("opacity", "1", timeout=5000)
        await expect(label).to_have_css("opacity", "0", timeout=8000)


async def test_rooms_list_shows_rooms_you_joined_and_who_is_in_them(api: ApiProcess, browser: Browser) -> None:
    host = await (await browser.new_context()).new_page()
    visitor = await (await browser.new_context()).new_page()
    async with screenshots_on_failure("rooms_here", {"host": host, "visitor": visitor}):
        await sign_up_in_browser(host, api.url, unique_username("host"), PASSWORD, "Hal Host")
        await sign_up_in_browser(visitor, api.url, unique_username("vis"), PASSWORD, "Vera Visitor")
        await host.goto(f"{api.url}/code")
        await host.get_by_test_id("new-room").click()
        await expect(host.locator(".cm-content")).to_be_visible()
        room_id = host.url.rstrip("/").rsplit("/", 1)[-1]

        await visitor.goto(f"{api.url}/code/{room_id}")  # joined by link, not created here
        await expect(visitor.locator(".cm-content")).to_be_visible()
        await visitor.get_by_test_id("nav-code-rooms").click()
        await expect(visitor.get_by_test_id(f"recent-room-{room_id}")).to_be_visible()
        await expect(visitor.get_by_test_id(f"room-here-{room_id}")).to_contain_text("Hal Host", timeout=10000)
