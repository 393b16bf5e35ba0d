"""Two people edit the same cell: the one whose editor opened before the other's save is told whose
change they would overwrite, and chooses "keep theirs" or "apply mine" (text and select cells)."""

from playwright.async_api import Locator, Page, expect

from tests.support import flows
from tests.support.browser import ARTIFACTS, chromium, screenshots_on_failure, sign_up_in_browser, web_build_exists
from tests.support.processes import ApiProcess
from tests.support.users import PASSWORD, unique_username

# Long enough for Bob's save to reach Alice's open editor over the live stream (it takes milliseconds):
# the edit must be refused even though Alice's tab already holds the newer version.
LIVE_HOP_MS = 1500


async def two_people_on_one_task(alice: Page, url_a: str, bob: Page, url_b: str) -> None:
    await sign_up_in_browser(alice, url_a, unique_username("alice"), PASSWORD, "Alice A")
    await sign_up_in_browser(bob, url_b, unique_username("bob"), PASSWORD, "Bob B")
    await flows.create_workspace_in_browser(alice, url_a, "Launch", "LAU")
    await alice.get_by_test_id("new-task-title").fill("Draft the plan")
    await alice.get_by_test_id("new-task-title").press("Enter")
    await expect(alice.get_by_test_id("task-row-LAU-1")).to_be_visible()
    await alice.get_by_test_id("invite-button").click()
    code = (await alice.get_by_test_id("invite-code").text_content() or "").strip()
    await alice.keyboard.press("Escape")
    await bob.goto(f"{url_b}/tasks")
    await bob.get_by_test_id("join-code").fill(code)
    await bob.get_by_test_id("join-submit").click()
    await expect(bob.get_by_test_id("task-row-LAU-1")).to_be_visible(timeout=10000)


async def bob_saves_title_while_alice_types(alice: Page, bob: Page, alice_text: str, bob_text: str) -> None:
    await alice.get_by_test_id("cell-title-LAU-1").get_by_role("button").click()
    await alice.get_by_test_id("title-input-LAU-1").fill(alice_text)
    await bob.get_by_test_id("cell-title-LAU-1").get_by_role("button").click()
    await bob.get_by_test_id("title-input-LAU-1").fill(bob_text)
    await bob.get_by_test_id("title-input-LAU-1").press("Enter")
    await expect(bob.get_by_test_id("cell-title-LAU-1")).to_contain_text(bob_text)
    await alice.wait_for_timeout(LIVE_HOP_MS)
    await alice.get_by_test_id("title-input-LAU-1").press("Enter")


def conflict_toast(page: Page, who_and_what: str) -> Locator:
    return page.get_by_role("status").filter(has_text=who_and_what)


async def test_a_stale_title_edit_asks_whose_text_to_keep(api: ApiProcess, api2: ApiProcess) -> None:
    web_build_exists()
    async with chromium() as browser:
        alice = await (await browser.new_context(viewport={"width": 1400, "height": 900})).new_page()
        bob = await (await browser.new_context(viewport={"width": 1400, "height": 900})).new_page()
        async with screenshots_on_failure("task_conflict_text", {"alice": alice, "bob": bob}):
            await two_people_on_one_task(alice, api.url, bob, api2.url)

            # Apply mine: Alice's text wins, knowingly, everywhere.
            await bob_saves_title_while_alice_types(alice, bob, "Alice's plan", "Bob's plan")
            toast = conflict_toast(alice, "Bob B changed Title meanwhile")
            await expect(toast).to_be_visible(timeout=5000)
            await expect(toast).to_contain_text("Bob's plan")
            await expect(toast).to_contain_text("Alice's plan")
            await expect(alice.get_by_test_id("cell-title-LAU-1")).to_contain_text("Bob's plan")
            ARTIFACTS.mkdir(exist_ok=True)
            await alice.screenshot(path=str(ARTIFACTS / "task_conflict_text.png"))
            await toast.get_by_test_id("conflict-apply-mine").click()
            await expect(toast).to_have_count(0)
            for page in (alice, bob):
                await expect(page.get_by_test_id("cell-title-LAU-1")).to_contain_text("Alice's plan", timeout=5000)

            # Keep theirs: nothing is sent, Bob's text stays.
            await bob_saves_title_while_alice_types(alice, bob, "Alice again", "Bob again")
            toast = conflict_toast(alice, "Bob B changed Title meanwhile")
            await expect(toast).to_be_visible(timeout=5000)
            await toast.get_by_test_id("conflict-keep-theirs").click()
            await expect(toast).to_have_count(0)
            await alice.wait_for_timeout(500)
            for page in (alice, bob):
                await expect(page.get_by_test_id("cell-title-LAU-1")).to_contain_text("Bob again")


async def test_a_stale_status_choice_asks_whose_value_to_keep(api: ApiProcess, api2: ApiProcess) -> None:
    web_build_exists()
    async with chromium() as browser:
        alice = await (await browser.new_context(viewport={"width": 1400, "height": 900})).new_page()
        bob = await (await browser.new_context(viewport={"width": 1400, "height": 900})).new_page()
        async with screenshots_on_failure("task_conflict_select", {"alice": alice, "bob": bob}):
            await two_people_on_one_task(alice, api.url, bob, api2.url)
            alice_status = alice.get_by_test_id("cell-status-LAU-1")
            bob_status = bob.get_by_test_id("cell-status-LAU-1")

            # Alice opens the status select; Bob sets "Done" before she picks.
            await alice_status.focus()
            await bob_status.select_option("done")
            await alice.wait_for_timeout(LIVE_HOP_MS)
            await alice_status.select_option("canceled")
            toast = conflict_toast(alice, "Bob B changed Status meanwhile")
            await expect(toast).to_be_visible(timeout=5000)
            await expect(toast).to_contain_text("Done")
            await expect(toast).to_contain_text("Canceled")
            await expect(alice_status).to_have_value("done")
            await toast.get_by_test_id("conflict-keep-theirs").click()
            await expect(toast).to_have_count(0)
            await alice.wait_for_timeout(500)
            await expect(bob_status).to_have_value("done")
            await expect(alice_status).to_have_value("done")

            # Again, and this time Alice applies hers.
            await alice_status.blur()
            await alice_status.focus()
            await bob_status.select_option("in_progress")
            await alice.wait_for_timeout(LIVE_HOP_MS)
            await alice_status.select_option("canceled")
            toast = conflict_toast(alice, "Bob B changed Status meanwhile")
            await expect(toast).to_be_visible(timeout=5000)
            await expect(toast).to_contain_text("In progress")
            await toast.get_by_test_id("conflict-apply-mine").click()
            await expect(toast).to_have_count(0)
            await expect(bob_status).to_have_value("canceled", timeout=5000)
            await expect(alice_status).to_have_value("canceled")
