import asyncio

from playwright.async_api import Page, expect

from tests.support.browser import chromium, screenshots_on_failure, sign_up_in_browser, web_build_exists
from tests.support.processes import ApiProcess
from tests.support.rooms import create_room
from tests.support.users import PASSWORD, unique_username


async def editor_text(page: Page) -> str:
    """The document's text: the editor's lines without the remote-cursor widgets drawn inside them."""
    text: str = await page.locator(".cm-content").evaluate(
        """el => [...el.querySelectorAll('.cm-line')].map(line => {
             const copy = line.cloneNode(true);
             copy.querySelectorAll('.cm-ySelectionCaret, .cm-widgetBuffer').forEach(n => n.remove());
             return copy.textContent.replace(/\u2060/g, '');
           }).join('\\n')"""
    )
    return text


async def test_two_people_type_at_once_and_see_each_others_cursor(api: ApiProcess, api2: ApiProcess) -> None:
    web_build_exists()
    room_id = await create_room(api.url)
    async with chromium() as browser:
        member = await (await browser.new_context()).new_page()
        guest = await (await browser.new_context()).new_page()  # not logged in
        async with screenshots_on_failure("rooms_typing", {"member": member, "guest": guest}):
            await sign_up_in_browser(member, api.url, unique_username("coder"), PASSWORD, "Cora Coder")
            await member.goto(f"{api.url}/code/{room_id}")
            await guest.goto(f"{api2.url}/code/{room_id}")
            for page in (member, guest):
                await expect(page.locator(".cm-content")).to_be_visible(timeout=10000)
            await expect(member.get_by_test_id("participants")).to_contain_text("Cora Coder")

            await member.locator(".cm-content").click()
            await guest.locator(".cm-content").click()
            await asyncio.gather(
                member.keyboard.type("def hello():\n", delay=20),
                guest.keyboard.type("# guest was here\n", delay=20),
            )
            deadline = asyncio.get_running_loop().time() + 10
            while True:
                a, b = await editor_text(member), await editor_text(guest)
                if a == b and "def hello():" in a and "# guest was here" in a:
                    break
                assert asyncio.get_running_loop().time() < deadline, f"texts differ: {a!r} vs {b!r}"
                await asyncio.sleep(0.2)
            # Each shows the other's cursor in their colour, with their name.
            await expect(member.locator(".cm-ySelectionCaret")).to_have_count(1, timeout=10000)
            await expect(guest.locator(".cm-ySelectionCaret")).to_have_count(1, timeout=10000)
            await expect(guest.locator(".cm-ySelectionCaret")).to_contain_text("Cora Coder")

            # A reset clears the document everywhere; nobody's old copy is merged back in.
            member.on("dialog", lambda dialog: dialog.accept())
            await member.get_by_test_id("clear-document").click()
            deadline = asyncio.get_running_loop().time() + 10
            while (await editor_text(member), await editor_text(guest)) != ("", ""):
                assert asyncio.get_running_loop().time() < deadline, "the document was not cleared everywhere"
                await asyncio.sleep(0.2)
            await guest.locator(".cm-content").click()
            await guest.keyboard.type("fresh start", delay=20)
            deadline = asyncio.get_running_loop().time() + 10
            while (await editor_text(member), await editor_text(guest)) != ("fresh start", "fresh start"):
                assert asyncio.get_running_loop().time() < deadline, (
                    await editor_text(member),
                    await editor_text(guest),
                )
                await asyncio.sleep(0.2)
