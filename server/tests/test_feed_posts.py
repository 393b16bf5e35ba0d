import httpx

from tests.support.processes import ApiProcess
from tests.support.users import signed_up_client


async def test_posts_appear_newest_first_and_page_by_cursor(api: ApiProcess) -> None:
    author = await signed_up_client(api.url, "author")
    created = []
    for n in range(5):
        response = await author.post("/api/posts", json={"text": f"  update {n}\nline two  "})
        assert response.status_code == 201
        created.append(response.json())
    assert created[0]["text"] == "update 0\nline two"
    assert created[0]["author"]["username"] == author.headers["x-test-username"]
    assert "password_hash" not in created[0]["author"]

    first = (await author.get("/api/feed", params={"limit": 3})).json()
    ids = [item["id"] for item in first["items"]]
    newest = [post["id"] for post in reversed(created)]
    assert ids == newest[:3] and first["next_cursor"] == newest[2]
    second = (await author.get("/api/feed", params={"limit": 2, "cursor": first["next_cursor"]})).json()
    assert [item["id"] for item in second["items"]] == newest[3:5]


async def test_only_the_author_deletes_a_post(api: ApiProcess) -> None:
    author = await signed_up_client(api.url, "author")
    other = await signed_up_client(api.url, "other")
    post = (await author.post("/api/posts", json={"text": "mine"})).json()
    forbidden = await other.delete(f"/api/posts/{post['id']}")
    assert forbidden.status_code == 403
    assert post["id"] in [item["id"] for item in (await other.get("/api/feed")).json()["items"]]
    assert (await author.delete(f"/api/posts/{post['id']}")).status_code == 204
    assert post["id"] not in [item["id"] for item in (await other.get("/api/feed")).json()["items"]]
    assert (await author.delete(f"/api/posts/{post['id']}")).status_code == 404


async def test_bad_posts_are_refused_and_change_nothing(api: ApiProcess) -> None:
    author = await signed_up_client(api.url, "author")
    before = (await author.get("/api/feed", params={"limit": 1})).json()["items"]
    cases = [
        ({"text": "x" * 5001}, "text", "must be at most 5000 characters"),
        ({"text": "   "}, "text", "must not be empty"),
        ({}, "text", "Field required"),
    ]
    for body, field, message in cases:
        response = await author.post("/api/posts", json=body)
        assert response.status_code == 422
        assert {"field": field, "message": message} in response.json()["errors"]
    malformed = await author.post("/api/posts", content=b'{"text": ', headers={"content-type": "application/json"})
    assert malformed.status_code == 422
    assert (await author.get("/api/feed", params={"limit": 1})).json()["items"] == before
    assert (await author.get("/api/feed", params={"cursor": "abc"})).status_code == 422
    assert (await author.get("/api/feed", params={"limit": 500})).status_code == 422
    assert (await author.delete("/api/posts/not-a-number")).status_code == 422


async def test_the_feed_needs_a_login(api: ApiProcess) -> None:
    async with httpx.AsyncClient(base_url=api.url) as anonymous:
        assert (await anonymous.get("/api/feed")).status_code == 401
        assert (await anonymous.post("/api/posts", json={"text": "hi"})).status_code == 401
