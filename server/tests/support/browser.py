"""Debian's Chromium driven by Playwright; pages are screenshotted when a test fails."""

import contextlib
import re
from collections.abc import AsyncIterator
from pathlib import Path

from playwright.async_api import Browser, Page, async_playwright

from huddle.config import REPO_ROOT

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = REPO_ROOT / "server" / "test-artifacts"
# Chromium's background services would try the network, which this machine refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@contextlib.asynccontextmanager
async def chromium() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            await browser.close()


@contextlib.asynccontextmanager
async def screenshots_on_failure(test_name: str, pages: dict[str, Page]) -> AsyncIterator[None]:
    try:
        yield
    except BaseException:
        ARTIFACTS.mkdir(exist_ok=True)
        for label, page in pages.items():
            with contextlib.suppress(Exception):
                path = ARTIFACTS / f"{re.sub(r'[^a-z0-9_]+', '_', test_name.lower())}-{label}.png"
                await page.screenshot(path=str(path), full_page=True)
        raise


async def sign_up_in_browser(page: Page, base_url: str, username: str, password: str, display_name: str) -> None:
    await page.goto(f"{base_url}/signup")
    await page.fill("#username", username)
    await page.fill("#display_name", display_name)
    await page.fill("#password", password)
    await page.click("[data-testid=signup-form] button[type=submit]")
    await page.wait_for_url(f"{base_url}/feed")


def web_build_exists() -> Path:
    index = REPO_ROOT / "web" / "out" / "index.html"
    assert index.is_file(), "the web app is not built: run `make test` (it builds web/) or `make web`"
    return index
