"""The browser scenario of each domain, as one person on `url_a` and another on `url_b`.

The same flows run against two API processes directly (test_browser_*.py) and through nginx in
front of three (test_cluster_browser.py): only the URLs differ.
"""

import asyncio
from collections.abc import Callable

from playwright.async_api import Page, expect

from tests.support.browser import sign_up_in_browser
from tests.support.users import PASSWORD, unique_username


async def create_workspace_in_browser(page: Page, url: str, name: str, key: str) -> None:
    await page.goto(f"{url}/tasks")
    await page.get_by_test_id("workspace-create-name").fill(name)
    await page.get_by_test_id("workspace-create-key").fill(key)
    await page.get_by_test_id("workspace-create-submit").click()


def watch_reloads(*pages: Page) -> list[str]:
    """Page loads after this call; a live update must never need one."""
    loads: list[str] = []
    for page in pages:
        page.on("load", lambda loaded: loads.append(loaded.url))
    return loads


async def presence(page_a: Page, url_a: str, page_b: Page, url_b: str) -> None:
    alice, bob = unique_username("alice"), unique_username("bob")
    await sign_up_in_browser(page_a, url_a, alice, PASSWORD, "Alice A")
    await expect(page_a.get_by_test_id(f"online-user-{alice}")).to_be_visible()
    reloads = watch_reloads(page_a)
    await sign_up_in_browser(page_b, url_b, bob, PASSWORD, "Bob B")
    await expect(page_a.get_by_test_id(f"online-user-{bob}")).to_be_visible(timeout=5000)
    await expect(page_a.get_by_test_id(f"online-user-{bob}")).to_contain_text("Bob B")
    await page_b.get_by_test_id("logout-button").click()
    await page_b.wait_for_url(f"{url_b}/login")
    await expect(page_a.get_by_test_id(f"online-user-{bob}")).to_have_count(0, timeout=10000)
    assert reloads == [], f"A's page reloaded: {reloads}"


async def feed(page_a: Page, url_a: str, page_b: Page, url_b: str) -> None:
    await sign_up_in_browser(page_a, url_a, unique_username("alice"), PASSWORD, "Alice A")
    await sign_up_in_browser(page_b, url_b, unique_username("bob"), PASSWORD, "Bob B")
    reloads = watch_reloads(page_a, page_b)

    # A creates a poll in the composer; it shows up in B's feed live.
    question = f"Where do we meet? {unique_username('q')}"
    await page_a.get_by_test_id("composer-tab-poll").click()
    await page_a.get_by_test_id("poll-question").fill(question)
    await page_a.get_by_test_id("poll-option-input-0").fill("Lisbon")
    await page_a.get_by_test_id("poll-option-input-1").fill("Berlin")
    await page_a.get_by_test_id("poll-submit").click()
    poll_b = page_b.locator("[data-testid^=poll-]").filter(has_text=question).first
    await expect(poll_b).to_be_visible(timeout=5000)
    poll_id = (await poll_b.get_attribute("data-testid") or "").removeprefix("poll-")
    lisbon = f"{poll_id}-0"

    # A votes; B's count moves without a reload, and A's own echo does not double it.
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
    text = f"Tickets are booked {unique_username('t')}"
    await page_b.get_by_test_id("composer-tab-post").click()
    await page_b.get_by_test_id("post-text").fill(text)
    await page_b.get_by_test_id("post-submit").click()
    await expect(page_a.get_by_text(text)).to_be_visible(timeout=5000)
    assert reloads == [], f"a page reloaded: {reloads}"


async def tasks(page_a: Page, url_a: str, page_b: Page, url_b: str) -> None:
    await sign_up_in_browser(page_a, url_a, unique_username("alice"), PASSWORD, "Alice A")
    await sign_up_in_browser(page_b, url_b, unique_username("bob"), PASSWORD, "Bob B")

    # A creates a workspace and a task, then invites B.
    await create_workspace_in_browser(page_a, url_a, "Launch", "LAU")
    await page_a.get_by_test_id("new-task-title").fill("Write the announcement")
    await page_a.get_by_test_id("new-task-title").press("Enter")
    await expect(page_a.get_by_test_id("task-row-LAU-1")).to_be_visible()
    await page_a.get_by_test_id("invite-button").click()
    code = (await page_a.get_by_test_id("invite-code").text_content() or "").strip()
    await page_a.keyboard.press("Escape")

    await page_b.goto(f"{url_b}/tasks")
    await page_b.get_by_test_id("join-code").fill(code)
    await page_b.get_by_test_id("join-submit").click()
    await expect(page_b.get_by_test_id("task-row-LAU-1")).to_be_visible(timeout=10000)
    reloads = watch_reloads(page_a, page_b)

    # A changes the status; B sees it without a reload.
    await page_a.get_by_test_id("cell-status-LAU-1").select_option("in_progress")
    await expect(page_b.get_by_test_id("cell-status-LAU-1")).to_have_value("in_progress", timeout=5000)

    # B edits the title; A sees it, and A's status change is still there (merged by field).
    await page_b.get_by_test_id("cell-title-LAU-1").click()
    title = page_b.get_by_test_id("title-input-LAU-1")
    await title.fill("Write and send the announcement")
    await title.press("Enter")
    await expect(page_a.get_by_test_id("cell-title-LAU-1")).to_contain_text(
        "Write and send the announcement", timeout=5000
    )
    await expect(page_a.get_by_test_id("cell-status-LAU-1")).to_have_value("in_progress")
    assert reloads == [], f"pages reloaded: {reloads}"


async def tasks_filters_and_undo(page: Page, url: str) -> None:
    await sign_up_in_browser(page, url, unique_username("carol"), PASSWORD, "Carol C")
    await create_workspace_in_browser(page, url, "Filters", "FIL")
    for title in ("Alpha", "Bravo", "Charlie"):
        await page.get_by_test_id("new-task-title").fill(title)
        await page.get_by_test_id("new-task-title").press("Enter")
    await expect(page.get_by_test_id("task-row-FIL-3")).to_be_visible()
    await page.get_by_test_id("cell-status-FIL-2").select_option("done")
    await expect(page.get_by_test_id("cell-status-FIL-2")).to_have_value("done")

    # The server filters; the filter lives in the URL, so a reload keeps it.
    await page.get_by_test_id("filter-status").select_option("done")
    await expect(page.get_by_test_id("task-row-FIL-1")).to_have_count(0)
    await expect(page.get_by_test_id("task-row-FIL-2")).to_be_visible()
    assert "status=done" in page.url, page.url
    await page.reload()
    await expect(page.get_by_test_id("task-row-FIL-2")).to_be_visible()
    await expect(page.get_by_test_id("task-row-FIL-3")).to_have_count(0)
    await page.get_by_test_id("clear-filters").click()
    await expect(page.get_by_test_id("task-row-FIL-3")).to_be_visible()

    # Sort by title, Z first: Charlie's row comes before Alpha's.
    await page.get_by_test_id("sort-select").select_option("-title")
    rows = page.locator("[data-testid^=task-row-]")
    await expect(rows.first).to_have_attribute("data-testid", "task-row-FIL-3")

    # Delete with undo: the row goes at once and comes back with its id.
    await page.get_by_test_id("task-row-FIL-1").hover()
    await page.get_by_test_id("delete-task-FIL-1").click()
    await expect(page.get_by_test_id("task-row-FIL-1")).to_have_count(0)
    await page.get_by_test_id("undo-delete").click()
    await expect(page.get_by_test_id("task-row-FIL-1")).to_be_visible(timeout=5000)
    await page.reload()
    await expect(page.get_by_test_id("task-row-FIL-1")).to_be_visible()


async def editor_text(page: Page) -> str:
    """The document's text: the editor's lines without the remote-cursor widgets drawn inside them."""
    text: str = await page.locator(".cm-content").evaluate(
        """el => [...el.querySelectorAll('.cm-line')].map(line => {
             const copy = line.cloneNode(true);
             copy.querySelectorAll('.cm-ySelectionCaret, .cm-widgetBuffer').forEach(n => n.remove());
             return copy.textContent.replace(/\\u2060/g, '');
           }).join('\\n')"""
    )
    return text


async def texts_become(pages: tuple[Page, Page], check: Callable[[tuple[str, str]], bool], message: str) -> None:
    deadline = asyncio.get_running_loop().time() + 10
    while True:
        texts = (await editor_text(pages[0]), await editor_text(pages[1]))
        if check(texts):
            return
        assert asyncio.get_running_loop().time() < deadline, f"{message}: {texts!r}"
        await asyncio.sleep(0.2)


async def rooms(member: Page, url_a: str, guest: Page, url_b: str, room_id: str) -> None:
    """`member` logs in; `guest` is not logged in."""
    await sign_up_in_browser(member, url_a, unique_username("coder"), PASSWORD, "Cora Coder")
    await member.goto(f"{url_a}/code/{room_id}")
    await guest.goto(f"{url_b}/code/{room_id}")
    for page in (member, guest):
        await expect(page.locator(".cm-content")).to_be_visible(timeout=10000)
    await expect(member.get_by_test_id("participants")).to_contain_text("Cora Coder")

    await member.locator(".cm-content").click()
    await guest.locator(".cm-content").click()
    await asyncio.gather(
        member.keyboard.type("def hello():\n", delay=20),
        guest.keyboard.type("# guest was here\n", delay=20),
    )
    await texts_become(
        (member, guest),
        lambda t: t[0] == t[1] and "def hello():" in t[0] and "# guest was here" in t[0],
        "texts differ",
    )
    # Each shows the other's cursor in their colour, with their name.
    await expect(member.locator(".cm-ySelectionCaret")).to_have_count(1, timeout=10000)
    await expect(guest.locator(".cm-ySelectionCaret")).to_have_count(1, timeout=10000)
    await expect(guest.locator(".cm-ySelectionCaret")).to_contain_text("Cora Coder")

    # A reset clears the document everywhere; nobody's old copy is merged back in.
    await member.get_by_test_id("clear-document").click()
    await member.get_by_test_id("confirm-ok").click()
    await texts_become((member, guest), lambda t: t == ("", ""), "the document was not cleared everywhere")
    await guest.locator(".cm-content").click()
    await guest.keyboard.type("fresh start", delay=20)
    await texts_become((member, guest), lambda t: t == ("fresh start", "fresh start"), "after the reset")


async def tasks_invite_panel_and_conflicts(page_a: Page, url_a: str, page_b: Page, url_b: str) -> None:
    """Join by invite link, the side panel (description, activity), and what a stale tab is told."""
    await sign_up_in_browser(page_a, url_a, unique_username("dana"), PASSWORD, "Dana D")
    await sign_up_in_browser(page_b, url_b, unique_username("eli"), PASSWORD, "Eli E")
    await create_workspace_in_browser(page_a, url_a, "Offsite", "OFF")
    await expect(page_a.get_by_text("No tasks yet")).to_be_visible()
    for title in ("Book the venue", "Plan the agenda"):
        await page_a.get_by_test_id("new-task-title").fill(title)
        await page_a.get_by_test_id("new-task-title").press("Enter")
    await expect(page_a.get_by_test_id("task-row-OFF-2")).to_be_visible()

    # B follows the invite link and lands in the workspace.
    await page_a.get_by_test_id("invite-button").click()
    link = await page_a.get_by_test_id("invite-link").input_value()
    await page_a.keyboard.press("Escape")
    await page_b.goto(link.replace(url_a, url_b))
    await expect(page_b.get_by_test_id("task-row-OFF-1")).to_be_visible(timeout=10000)

    # The side panel: a description, and the history of who changed what from what to what.
    await page_a.get_by_test_id("cell-status-OFF-1").select_option("in_progress")
    await expect(page_a.get_by_test_id("cell-status-OFF-1")).to_have_value("in_progress")
    await page_a.get_by_test_id("task-row-OFF-1").hover()
    await page_a.get_by_test_id("open-task-OFF-1").click()
    panel = page_a.get_by_test_id("task-panel")
    await expect(panel).to_be_visible()
    await panel.get_by_test_id("task-description").fill("Forty people, two nights, near a station.")
    await panel.get_by_test_id("task-description").blur()
    activity = panel.get_by_test_id("activity-list")
    await expect(activity).to_contain_text("Dana D", timeout=5000)
    await expect(activity).to_contain_text("created the task")
    await expect(activity).to_contain_text("Status")
    await expect(activity).to_contain_text("In progress")
    await expect(activity).to_contain_text("Description", timeout=5000)
    await page_a.get_by_test_id("panel-close").click()

    # B's stream goes down, so B's tab goes stale. A changes the priority; B, who never saw it,
    # sets another: the server refuses (409) and B is shown A's value and who set it.
    await page_b.route("**/api/events?*", lambda route: route.abort())
    await page_b.reload()
    await expect(page_b.get_by_test_id("task-row-OFF-2")).to_be_visible()
    await page_a.get_by_test_id("cell-priority-OFF-2").select_option("urgent")
    await expect(page_a.get_by_test_id("cell-priority-OFF-2")).to_have_value("urgent")
    await page_b.get_by_test_id("cell-priority-OFF-2").select_option("low")
    await expect(page_b.get_by_role("status").filter(has_text="Dana D changed Priority meanwhile")).to_be_visible()
    await expect(page_b.get_by_test_id("cell-priority-OFF-2")).to_have_value("urgent")

    # A deletes a task B still shows; B's edit of it is refused and the row goes, with a toast.
    await page_a.get_by_test_id("task-row-OFF-1").hover()
    await page_a.get_by_test_id("delete-task-OFF-1").click()
    await expect(page_a.get_by_test_id("task-row-OFF-1")).to_have_count(0)
    await page_b.get_by_test_id("cell-status-OFF-1").select_option("done")
    await expect(page_b.get_by_role("alert").filter(has_text="OFF-1 was deleted")).to_be_visible()
    await expect(page_b.get_by_test_id("task-row-OFF-1")).to_have_count(0)
