from typing import Any

import httpx


async def create_poll(client: httpx.AsyncClient, options: list[str] | None = None, **fields: Any) -> dict[str, Any]:
    body = {"question": "Lunch?", "options": options or ["Pizza", "Sushi", "Salad"], **fields}
    response = await client.post("/api/polls", json=body)
    assert response.status_code == 201, response.text
    poll: dict[str, Any] = response.json()
    return poll


def option_ids(poll: dict[str, Any]) -> list[str]:
    return [option["id"] for option in poll["options"]]


def votes_of(results: dict[str, Any]) -> dict[str, int]:
    return {option["id"]: option["votes"] for option in results["options"]}
