"""Each domain's live browser scenario through nginx (deploy/nginx.conf) in front of three API processes,
and the seed protocols (WebSocket, vote stream) through the same nginx.

Every request and the one event stream of each tab go through nginx with round robin, so the two
people of a scenario are served by different processes and every live update crosses Redis.
"""

import asyncio
import os
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from httpx_sse import aconnect_sse
from playwright.async_api import Browser, Page, ViewportSize

from huddle.embedded_valkey import free_port
from tests.support import flows
from tests.support.browser import chromium, screenshots_on_failure, sign_up_in_browser, web_build_exists
from tests.support.cluster import Cluster, cluster, find_nginx
from tests.support.feed import create_poll, option_ids
from tests.support.rooms import SeedClient, create_room, ws_url
from tests.support.sse import data
from tests.support.users import PASSWORD, signed_up_client, unique_username

# Off CI a machine without nginx skips these; on CI (.ci/run installs nginx) they must run.
pytestmark = pytest.mark.skipif(
    find_nginx() is None and not os.environ.get("CI"), reason="nginx is not installed (.ci/run installs it)"
)


@pytest.fixture(scope="module")
def behind_nginx(redis_url: str) -> Iterator[Cluster]:
    with cluster(processes=3, redis_url=redis_url) as running:
        yield running


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    web_build_exists()
    async with chromium() as running:
        yield running


async def two_pages(browser: Browser, width: int = 1280) -> tuple[Page, Page]:
    viewport: ViewportSize = {"width": width, "height": 900}
    page_a = await (await browser.new_context(viewport=viewport)).new_page()
    page_b = await (await browser.new_context(viewport=viewport)).new_page()
    return page_a, page_b


async def close_pages(*pages: Page) -> None:
    for page in pages:
        await page.context.close()


async def test_presence_a_sees_b_come_online_and_go(behind_nginx: Cluster, browser: Browser) -> None:
    page_a, page_b = await two_pages(browser)
    try:
        async with screenshots_on_failure("cluster_presence", {"a": page_a, "b": page_b}):
            await flows.presence(page_a, behind_nginx.url, page_b, behind_nginx.url)
    finally:
        await close_pages(page_a, page_b)


async def test_feed_posts_and_votes_reach_the_other_screen(behind_nginx: Cluster, browser: Browser) -> None:
    page_a, page_b = await two_pages(browser)
    try:
        async with screenshots_on_failure("cluster_feed", {"a": page_a, "b": page_b}):
            await flows.feed(page_a, behind_nginx.url, page_b, behind_nginx.url)
    finally:
        await close_pages(page_a, page_b)


async def test_tasks_a_status_change_reaches_the_other_table(behind_nginx: Cluster, browser: Browser) -> None:
    page_a, page_b = await two_pages(browser, width=1400)
    try:
        async with screenshots_on_failure("cluster_tasks", {"a": page_a, "b": page_b}):
            await flows.tasks(page_a, behind_nginx.url, page_b, behind_nginx.url)
    finally:
        await close_pages(page_a, page_b)


async def test_rooms_two_people_type_and_the_texts_converge(behind_nginx: Cluster, browser: Browser) -> None:
    member, guest = await two_pages(browser)  # the guest is not logged in
    try:
        async with screenshots_on_failure("cluster_rooms", {"member": member, "guest": guest}):
            url = behind_nginx.url
            await flows.rooms(member, url, guest, url, await create_room(url))
    finally:
        await close_pages(member, guest)


async def test_seed_websocket_and_vote_stream_work_through_nginx(behind_nginx: Cluster) -> None:
    """No browser: the seed protocols nginx must pass through (WebSocket upgrade, the vote stream)."""
    url = behind_nginx.url
    room_id = await create_room(url)
    async with SeedClient(ws_url(url, room_id)) as alice, SeedClient(ws_url(url, room_id)) as bob:
        await alice.type_text("print('through nginx')\n")
        update = await bob.wait_for(lambda m: m["type"] == "code_update")
        assert update["code"] == "print('through nginx')\n"

    voter = await signed_up_client(url, "voter")
    try:
        poll = await create_poll(voter)
        async with aconnect_sse(
            voter, "GET", f"/api/vote/stream/{poll['id']}", timeout=httpx.Timeout(10, read=10)
        ) as source:
            assert source.response.headers["content-type"].startswith("text/event-stream")
            assert "content-encoding" not in source.response.headers  # never gzipped
            events = source.aiter_sse()
            first = await anext(events)
            assert first.event == "ready", first
            snapshot = await anext(events)
            assert snapshot.event == "poll_counts" and data(snapshot)["voters"] == 0
            vote = await voter.post("/api/vote/submit", json={"poll_id": poll["id"], "option_id": option_ids(poll)[0]})
            assert vote.status_code == 200, vote.text
            counts = await asyncio.wait_for(anext(events), timeout=5)
            assert counts.event == "poll_counts" and data(counts)["voters"] == 1
    finally:
        await voter.aclose()


async def test_over_https_a_tab_holds_more_than_six_streams_on_http2(redis_url: str, browser: Browser) -> None:
    """Browsers allow 6 HTTP/1.1 connections per origin; over HTTP/2 streams share one connection."""
    with cluster(processes=2, redis_url=redis_url, tls_port=free_port()) as running:
        assert running.nginx.tls_url is not None
        context = await browser.new_context(ignore_https_errors=True)
        page = await context.new_page()
        try:
            async with screenshots_on_failure("cluster_http2", {"a": page}):
                await sign_up_in_browser(page, running.nginx.tls_url, unique_username("h2"), PASSWORD, "Hana H")
                opened = await page.evaluate(
                    """async () => {
                        const protocol = performance.getEntriesByType("navigation")[0].nextHopProtocol;
                        const ready = await Promise.all([...Array(8)].map(() => new Promise((resolve) => {
                            const source = new EventSource("/api/events?topic=presence");
                            source.addEventListener("ready", () => resolve(true));
                            setTimeout(() => resolve(false), 8000);
                        })));
                        return { protocol, ready: ready.filter(Boolean).length };
                    }"""
                )
                # The app's own stream is open too: 9 streams on one origin.
                assert opened == {"protocol": "h2", "ready": 8}
                cookie = next(c for c in await context.cookies() if c["name"] == "huddle_session")
                assert cookie["secure"] and cookie["httpOnly"] and cookie["sameSite"] == "Lax"
        finally:
            await context.close()
