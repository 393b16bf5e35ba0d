"""`huddle demo`: fills a running Huddle with a lived-in demo through its public HTTP API.

Three people, a workspace of realistic tasks, posts, polls with votes and a code room with code.
Going through the API (not Redis) means the demo obeys every limit and validation, shows up live
in open tabs, and works against any deployment, one process or many behind a load balancer.
Standard library only: the command needs nothing the server does not already have.
"""

import base64
import http.cookiejar
import json
import secrets
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from pycrdt import Doc, Text

from huddle.rooms.documents import TEXT_NAME

PEOPLE = [
    ("ada", "Ada Lovelace"),
    ("grace", "Grace Hopper"),
    ("linus", "Linus Park"),
]

# (title, status, priority, assignee index or None, due in days or None, labels)
TASKS: list[tuple[str, str, str, int | None, int | None, list[str]]] = [
    ("Write the launch announcement", "in_progress", "high", 0, 3, ["marketing"]),
    ("Record a two-minute product walkthrough", "todo", "medium", 1, 6, ["marketing", "video"]),
    ("Fix the login redirect loop on Safari", "in_progress", "urgent", 2, 1, ["bug", "web"]),
    ("Load-test the event stream with 10k clients", "todo", "high", 2, 5, ["infra"]),
    ("Pricing page: add the team plan", "backlog", "medium", None, None, ["web"]),
    ("Migrate reminders to the new scheduler", "todo", "low", 1, 12, ["backend"]),
    ("Invite the beta customers to the launch call", "done", "medium", 0, -2, ["customers"]),
    ("Translate onboarding emails to German", "backlog", "low", None, None, ["i18n"]),
    ("Keyboard shortcuts cheat sheet", "done", "low", 2, -5, ["docs"]),
    ("Review the security checklist", "todo", "urgent", 1, 2, ["security"]),
    ("Update the status page copy", "canceled", "none", None, None, []),
    ("Set up the on-call rotation for launch week", "in_progress", "high", 0, 4, ["infra", "ops"]),
]

POSTS = [
    (1, "Staging is on the release candidate. Please click through your areas before Thursday 🙏"),
    (2, "The event stream held 10k open connections on one box last night, p99 fan-out 180 ms."),
    (0, "Launch call is booked for Friday 16:00. Agenda in the Launch workspace, task LNC-7."),
]

ROOM_CODE = '''"""Launch-day checks, written together in this room."""

import asyncio

import httpx

ENDPOINTS = ["/health", "/api/feed", "/api/workspaces"]


async def check(base_url: str) -> dict[str, int]:
    async with httpx.AsyncClient(base_url=base_url, timeout=5) as client:
        results = await asyncio.gather(*(client.get(path) for path in ENDPOINTS))
    return {path: response.status_code for path, response in zip(ENDPOINTS, results)}


if __name__ == "__main__":
    print(asyncio.run(check("http://localhost:8000")))
'''


class DemoError(RuntimeError):
    pass


@dataclass
class Person:
    username: str
    display_name: str
    user_id: str
    opener: urllib.request.OpenerDirector

    def call(self, method: str, path: str, body: Any = None, base_url: str = "") -> Any:
        return _request(self.opener, base_url, method, path, body)


def _request(opener: urllib.request.OpenerDirector, base_url: str, method: str, path: str, body: Any = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"{base_url}{path}", data=data, method=method)
    request.add_header("Accept", "application/json")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with opener.open(request, timeout=30) as response:
            text = response.read().decode()
    except urllib.error.HTTPError as error:
        raise DemoError(f"{method} {path}: {error.code} {error.read().decode(errors='replace')[:300]}") from None
    except urllib.error.URLError as error:
        raise DemoError(f"cannot reach Huddle at {base_url}: {error.reason}. Is `make run` running?") from None
    return json.loads(text) if text else None


def _sign_up(base_url: str, username: str, display_name: str, password: str) -> Person:
    """`username`, or `username_1a2b` when a previous demo (or a real person) already has it."""
    for candidate in (username, *(f"{username}_{secrets.token_hex(2)}" for _ in range(5))):
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        try:
            user = _request(
                opener,
                base_url,
                "POST",
                "/api/auth/signup",
                {"username": candidate, "password": password, "display_name": display_name},
            )
        except DemoError as error:
            if " 409 " in str(error):
                continue
            raise
        return Person(candidate, display_name, user["id"], opener)
    raise DemoError(f"no free username like {username}")


def _room_update(text: str) -> str:
    doc: Doc[Any] = Doc()
    code = doc.get(TEXT_NAME, type=Text)
    code.insert(0, text)
    return base64.b64encode(doc.get_update()).decode()


def create_demo(base_url: str) -> dict[str, Any]:
    """Creates the demo; returns what a person needs to look at it (logins, ids)."""
    base_url = base_url.rstrip("/")
    password = secrets.token_urlsafe(9)
    people = [_sign_up(base_url, username, name, password) for username, name in PEOPLE]
    ada, grace, linus = people

    def call(person: Person, method: str, path: str, body: Any = None) -> Any:
        return person.call(method, path, body, base_url)

    workspace = call(ada, "POST", "/api/workspaces", {"name": "Launch", "key": "LNC"})
    invite = call(ada, "GET", f"/api/workspaces/{workspace['id']}/invite")
    for person in (grace, linus):
        call(person, "POST", "/api/workspaces/join", {"code": invite["code"]})
    today = datetime.now(UTC).date()
    for title, status, priority, assignee, due_in, labels in TASKS:
        data: dict[str, Any] = {"title": title, "status": status, "priority": priority}
        if assignee is not None:
            data["assignee"] = people[assignee].user_id
        if due_in is not None:
            data["dueDate"] = (today + timedelta(days=due_in)).isoformat()
        if labels:
            data["labels"] = labels
        call(
            people[assignee if assignee is not None else 0],
            "POST",
            "/api/tasks",
            {"workspaceId": workspace["id"], "data": data},
        )

    offsite = call(
        grace,
        "POST",
        "/api/polls",
        {"question": "Where should the autumn offsite be?", "options": ["Lisbon", "Berlin", "Online"]},
    )
    for person, option in ((ada, 0), (grace, 0), (linus, 1)):
        call(person, "POST", "/api/vote/submit", {"poll_id": offsite["id"], "option_id": f"{offsite['id']}-{option}"})
    lunch = call(
        linus,
        "POST",
        "/api/polls",
        {
            "question": "Launch-day lunch: what do we order?",
            "options": ["Pizza", "Sushi", "Tacos", "Salads"],
            "multiple": True,
            "closes_at": (datetime.now(UTC) + timedelta(days=2)).isoformat(),
        },
    )
    for person, options in ((ada, [1, 2]), (grace, [2]), (linus, [0, 2])):
        ids = [f"{lunch['id']}-{i}" for i in options]
        call(person, "POST", "/api/vote/submit", {"poll_id": lunch["id"], "option_ids": ids})
    for author, text in POSTS:
        call(people[author], "POST", "/api/posts", {"text": text})

    room = call(ada, "POST", "/rooms", {"language": "python"})
    call(ada, "POST", f"/api/rooms/{room['room_id']}/join", {})
    document = call(ada, "GET", f"/api/rooms/{room['room_id']}/document")
    call(
        ada,
        "POST",
        f"/api/rooms/{room['room_id']}/updates",
        {"epoch": document["epoch"], "update": _room_update(ROOM_CODE)},
    )

    return {
        "usernames": [p.username for p in people],
        "password": password,
        "workspace_id": workspace["id"],
        "room_id": room["room_id"],
    }


def print_summary(base_url: str, demo: dict[str, Any]) -> None:
    base_url = base_url.rstrip("/")
    print("Demo ready:")
    print(f"  sign in at {base_url}/login as any of {', '.join(demo['usernames'])}")
    print(f"  password (the same for the three): {demo['password']}")
    print(f"  tasks:     {base_url}/tasks/{demo['workspace_id']}")
    print(f"  code room: {base_url}/code/{demo['room_id']} (closes after 2 h without activity)")
