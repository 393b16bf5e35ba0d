import re

import httpx

from huddle.rooms import completion
from tests.support.processes import ApiProcess
from tests.support.rooms import SeedClient, create_room, ws_url


async def test_create_room_and_exists(api: ApiProcess) -> None:
    async with httpx.AsyncClient(base_url=api.url) as client:
        created = await client.post("/rooms")
        assert created.status_code == 201
        body = created.json()
        assert re.fullmatch(r"[0-9a-f]{6}", body["room_id"])
        assert body["join_url"].endswith(f"/code/{body['room_id']}") and body["ws_url"].startswith("ws://")
        assert body["ws_url"].endswith(f"/ws/{body['room_id']}")
        assert (await client.get(f"/rooms/{body['room_id']}/exists")).json() == {
            "exists": True,
            "room_id": body["room_id"],
        }
        assert (await client.get("/rooms/abcdef/exists")).json() == {"exists": False, "room_id": "abcdef"}
        assert (await client.get("/rooms/not-an-id/exists")).status_code == 422
        assert (await client.get("/health")).json()["status"] == "ok"


async def test_autocomplete_keeps_the_seed_contract_with_real_python_completions(api: ApiProcess) -> None:
    async with httpx.AsyncClient(base_url=api.url, timeout=20) as client:
        code = "import os\nos.getcw"
        found = await client.post(
            "/rooms/autocomplete", json={"code": code, "cursor_position": len(code), "language": "python"}
        )
        assert found.status_code == 200 and found.json() == {"suggestion": "d", "insert_position": len(code)}

        scoped = "def greet(name):\n    return name\n\ngre"
        local = await client.post(
            "/rooms/autocomplete", json={"code": scoped, "cursor_position": len(scoped), "language": "python"}
        )
        assert local.json()["suggestion"] == "et"

        # jedi's first completion can be the typed word itself: skipped, it would add nothing.
        typed = "import os\nos.getcwd"
        longer = await client.post(
            "/rooms/autocomplete", json={"code": typed, "cursor_position": len(typed), "language": "python"}
        )
        assert longer.json()["suggestion"] == "b"  # getcwdb
        complete = "def foo():\n    pass\n\nfoo"
        nothing = await client.post(
            "/rooms/autocomplete", json={"code": complete, "cursor_position": len(complete), "language": "python"}
        )
        assert nothing.status_code == 404

        popup = await client.post(
            "/api/code/complete", json={"code": "import json\njson.lo", "cursor_position": 19, "language": "python"}
        )
        completions = popup.json()["completions"]
        assert popup.json()["from"] == 17 and {"load", "loads"} <= {c["label"] for c in completions}
        assert any("fp" in (c["detail"] or "") for c in completions if c["label"] == "load")  # the signature

        js = await client.post(
            "/api/code/complete", json={"code": "cons", "cursor_position": 4, "language": "javascript"}
        )
        assert {"const", "console.log"} <= {c["label"] for c in js.json()["completions"]}

        none = await client.post(
            "/rooms/autocomplete", json={"code": "x = 1\n", "cursor_position": 6, "language": "markdown"}
        )
        assert none.status_code == 404
        outside = await client.post(
            "/rooms/autocomplete", json={"code": "abc", "cursor_position": 9, "language": "python"}
        )
        assert outside.status_code == 422 and outside.json()["errors"][0]["field"] == "cursor_position"


async def test_the_websocket_protocol_message_by_message(api: ApiProcess, api2: ApiProcess) -> None:
    room_id = await create_room(api.url)
    async with SeedClient(ws_url(api.url, room_id)) as alice:
        init = alice.messages[0]
        assert init["type"] == "init" and init["code"] == "" and init["room_id"] == room_id
        assert {"user_id", "name", "color", "users", "cursors", "language"} <= set(init)

        async with SeedClient(ws_url(api2.url, room_id)) as bob:
            bob_id = bob.messages[0]["user_id"]
            joined = await alice.wait_for(lambda m: m["type"] == "user_joined")
            assert joined["user_id"] == bob_id and joined["name"] and joined["color"]

            await alice.type_text("print('hi')\n")
            update = await bob.wait_for(lambda m: m["type"] == "code_update")
            assert update["code"] == "print('hi')\n" and update["user_id"] == init["user_id"]

            await bob.send({"type": "cursor_move", "position": 5})
            moved = await alice.wait_for(lambda m: m["type"] == "cursor_move")
            assert moved["user_id"] == bob_id and moved["position"] == 5

            await bob.send({"type": "dance"})
            error = await bob.wait_for(lambda m: m["type"] == "error")
            assert "unknown message type" in error["message"]
            await bob.send({"type": "cursor_move", "position": {"line": 0, "column": 3}})  # still connected
            await alice.wait_for(lambda m: m["type"] == "cursor_move" and m["position"] == 3)
        left = await alice.wait_for(lambda m: m["type"] == "user_left")
        assert left["user_id"] == bob_id


async def test_an_unknown_room_closes_the_websocket_with_a_clear_code(api: ApiProcess) -> None:
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    for room_id, code in (("abcdef", 4404), ("nope", 4422)):
        async with connect(ws_url(api.url, room_id)) as socket:
            try:
                await socket.recv()
                raise AssertionError("expected the socket to close")
            except ConnectionClosed as closed:
                assert closed.rcvd is not None and closed.rcvd.code == code


async def test_a_websocket_from_another_site_is_refused(api: ApiProcess) -> None:
    from websockets.asyncio.client import connect
    from websockets.exceptions import InvalidStatus

    room_id = await create_room(api.url)
    try:
        async with connect(ws_url(api.url, room_id), origin="https://evil.example"):  # type: ignore[arg-type]
            raise AssertionError("the handshake should have been refused")
    except InvalidStatus as refused:
        assert refused.response.status_code == 403
    async with SeedClient(ws_url(api.url, room_id)):  # same-origin and non-browser clients still work
        pass


async def test_a_guest_cookie_behind_an_https_proxy_is_secure(api: ApiProcess) -> None:
    room_id = await create_room(api.url)
    async with httpx.AsyncClient(base_url=api.url, headers={"X-Forwarded-Proto": "https"}) as visitor:
        joined = await visitor.post(f"/api/rooms/{room_id}/join")
    assert joined.status_code == 200
    cookie = joined.headers["set-cookie"]
    assert "huddle_guest=" in cookie and "Secure" in cookie and "HttpOnly" in cookie


async def test_autocomplete_gives_the_seed_snippets_and_no_private_modules(api: ApiProcess) -> None:
    async with httpx.AsyncClient(base_url=api.url, timeout=20) as client:

        async def suggest(code: str) -> httpx.Response:
            body = {"code": code, "cursor_position": len(code), "language": "python"}
            return await client.post("/rooms/autocomplete", json=body)

        # The seed's own examples.
        assert (await suggest("def ")).json() == {"suggestion": "function_name():\n    pass", "insert_position": 4}
        assert (await suggest("for ")).json()["suggestion"] == "item in items:\n    pass"
        assert (await suggest("import ")).json()["suggestion"] == "numpy as np"
        for keyword in ("class", "while", "if", "with", "try"):
            found = await suggest(f"x = 1\n{keyword} ")
            assert found.status_code == 200 and "pass" in found.json()["suggestion"], keyword
        # Indented: the body is indented one level deeper than the statement.
        assert (await suggest("def f():\n    if ")).json()["suggestion"] == "condition:\n        pass"
        # A keyword inside an expression is no statement start: jedi's names, not a snippet.
        assert "pass" not in (await suggest("x = [a for ")).text

        listed = await client.post(
            "/api/code/complete", json={"code": "import ", "cursor_position": 7, "language": "python"}
        )
        labels = [c["label"] for c in listed.json()["completions"]]
        generated = [label for label in labels if label.startswith("_") or "mypyc" in label or label[0].isdigit()]
        assert generated == []
        private = await client.post(
            "/api/code/complete", json={"code": "import _", "cursor_position": 8, "language": "python"}
        )
        assert [c["label"] for c in private.json()["completions"]] == []


def test_module_names_offered_are_public_ones() -> None:
    # jedi in this process, without the endpoint's time bound (a loaded machine can exceed it).
    _, found = completion._python("import ", 7)
    labels = [c.label for c in found]
    assert {"abc", "argparse"} <= set(labels)
    assert [label for label in labels if label.startswith("_") or "mypyc" in label or label[0].isdigit()] == []
