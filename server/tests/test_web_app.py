import httpx

from tests.support.browser import web_build_exists
from tests.support.processes import ApiProcess


async def test_pages_deep_links_and_unknown_api_paths(api: ApiProcess) -> None:
    web_build_exists()
    async with httpx.AsyncClient(base_url=api.url) as client:
        tasks = await client.get("/tasks")
        deep = await client.get("/tasks/ENG-12")
        assert tasks.status_code == deep.status_code == 200
        assert deep.text == tasks.text and "<html" in tasks.text
        assert (await client.head("/tasks")).status_code == 200  # Next.js prefetches pages with HEAD
        assert (await client.get("/code/abc123")).status_code == 200  # the rooms UI, deep link
        seed_path = await client.get("/rooms")  # seed 003's API path (POST only), not a page
        assert seed_path.status_code == 405 and seed_path.headers["allow"] == "POST"
        unknown_api = await client.get("/api/nope")
        assert unknown_api.status_code == 404 and unknown_api.json()["detail"] == "no API route /api/nope"
        sneaky = await client.get("/..%2f..%2fserver/pyproject.toml")
        assert "hatchling" not in sneaky.text
        assert (await client.get("/docs")).status_code == 200


async def test_unknown_pages_answer_404_with_the_not_found_page(api: ApiProcess) -> None:
    web_build_exists()
    async with httpx.AsyncClient(base_url=api.url) as client:
        for path in ("/nothing-here", "/feed/extra", "/tasksx", "/login/deeper"):
            response = await client.get(path)
            assert response.status_code == 404, path
            assert "<html" in response.text and 'data-testid="not-found"' in response.text, path
        for path in ("/", "/feed", "/feed/", "/tasks/ENG-12/activity", "/code/ab12cd", "/favicon.svg"):
            assert (await client.get(path)).status_code == 200, path
