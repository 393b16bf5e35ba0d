"""The account page: change the password (other devices signed out), log out everywhere."""

import asyncio
import time

from playwright.async_api import Page, expect

from tests.support.browser import ARTIFACTS, chromium, screenshots_on_failure, sign_up_in_browser, web_build_exists
from tests.support.processes import ApiProcess
from tests.support.users import PASSWORD, unique_username

NEW_PASSWORD = "a brand new passphrase"


async def _log_in(page: Page, base_url: str, username: str, password: str) -> None:
    await page.goto(f"{base_url}/login")
    await page.fill("#username", username)
    await page.fill("#password", password)
    await page.click("[data-testid=login-form] button[type=submit]")
    await page.wait_for_url(f"{base_url}/feed")


async def _signed_out_within(page: Page, base_url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while True:
        await page.goto(f"{base_url}/feed")
        try:
            await page.wait_for_url(f"{base_url}/login", timeout=1500)
            return
        except Exception:
            if time.monotonic() > deadline:
                raise
        await asyncio.sleep(0.5)


async def test_changing_the_password_signs_out_other_devices_and_log_out_everywhere_signs_out_all(
    api: ApiProcess, api2: ApiProcess
) -> None:
    web_build_exists()
    username = unique_username("acct")
    async with chromium() as browser:
        laptop = await (await browser.new_context()).new_page()
        phone = await (await browser.new_context()).new_page()
        async with screenshots_on_failure("account_page", {"laptop": laptop, "phone": phone}):
            await sign_up_in_browser(laptop, api.url, username, PASSWORD, "Account Owner")
            await _log_in(phone, api2.url, username, PASSWORD)

            await laptop.get_by_test_id("current-user").click()
            await laptop.wait_for_url(f"{api.url}/account")
            await laptop.fill("#current_password", "not my password")
            await laptop.fill("#new_password", NEW_PASSWORD)
            await laptop.fill("#confirm_password", NEW_PASSWORD)
            await laptop.click("[data-testid=password-form] button[type=submit]")
            await expect(laptop.get_by_test_id("current_password-error")).to_have_text("the current password is wrong")

            await laptop.fill("#current_password", PASSWORD)
            await laptop.click("[data-testid=password-form] button[type=submit]")
            await expect(laptop.get_by_text("Password changed")).to_be_visible()
            await expect(laptop.locator("#current_password")).to_have_value("")
            ARTIFACTS.mkdir(exist_ok=True)
            await laptop.screenshot(path=str(ARTIFACTS / "account-page.png"), full_page=True)

            await _signed_out_within(phone, api2.url, 8)  # HUDDLE_SESSION_CHECK_CACHE_SECONDS (5) + margin
            await _log_in(phone, api2.url, username, NEW_PASSWORD)

            await laptop.reload()
            await expect(laptop.get_by_test_id("account-page")).to_be_visible()
            await laptop.get_by_test_id("logout-everywhere").click()
            await laptop.get_by_test_id("logout-everywhere-confirm").click()
            await laptop.wait_for_url(f"{api.url}/login")
            await _signed_out_within(phone, api2.url, 8)
