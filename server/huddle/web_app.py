"""Serves the static export of the Next.js app, with a fallback for client-side routes.

`/tasks` is `tasks.html`; a deep link such as `/tasks/ENG-12` has no file of its own, so it gets
its page (`tasks.html`), which reads the rest of the path in the browser. Other unknown paths answer
404 with the app's not-found page (`404.html`).
"""

from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from huddle.errors import error_response, methods_served

_NOT_BUILT = """<!doctype html><title>Huddle</title><body style="font-family:system-ui;padding:3rem">
<h1>The web app is not built</h1><p>Run <code>make run</code> (it builds <code>web/</code>) or
<code>cd web && npm run build</code>. The API is up: see <a href="/docs">/docs</a>.</p></body>"""


# Pages that read the rest of their path in the browser (`/tasks/ENG-12`, `/code/ab12cd`): the only
# paths that may fall back to a parent page. Anything else unknown is a 404 with the not-found page,
# so a mistyped URL says so instead of quietly showing another page.
_DEEP_LINK_PAGES = frozenset({"tasks", "code"})


def _page_for(root: Path, path: str) -> Path | None:
    parts = [part for part in path.split("/") if part]
    if any(part in ("..", ".") or part.startswith(".") for part in parts):
        return None
    if not parts:
        return root / "index.html"
    exact = root.joinpath(*parts)
    if exact.is_file():
        return exact
    for candidate in (root.joinpath(*parts[:-1], parts[-1] + ".html"), root.joinpath(*parts, "index.html")):
        if candidate.is_file():
            return candidate
    if parts[0] in _DEEP_LINK_PAGES and (root / f"{parts[0]}.html").is_file():
        return root / f"{parts[0]}.html"
    return None


def _not_found_page(root: Path) -> Response:
    page = root / "404.html"
    if page.is_file():
        return FileResponse(page, status_code=404, headers={"Cache-Control": "no-cache"})
    return error_response(404, "not found")


def mount_web_app(app: FastAPI, root: Path) -> None:
    router = APIRouter(include_in_schema=False)

    @router.api_route("/{path:path}", methods=["GET", "HEAD"])
    async def web_page(path: str, request: Request) -> Response:
        # Seed 003's /rooms and /ws paths are API only; the web UI for rooms is /code.
        if path in ("api", "rooms", "ws") or path.startswith(("api/", "rooms/", "ws/")):
            allowed = methods_served(request)
            if allowed:
                # This catch-all would otherwise hide the 405 of a route that exists for other methods.
                return error_response(
                    405, f"/{path} does not take {request.method}", headers={"Allow": ", ".join(allowed)}
                )
            return error_response(404, f"no API route /{path}")
        if not (root / "index.html").is_file():
            return HTMLResponse(_NOT_BUILT, status_code=503)
        page = _page_for(root, path)
        if page is None:
            return _not_found_page(root)
        headers = (
            {"Cache-Control": "public, max-age=31536000, immutable"}
            if path.startswith("_next/static/")
            else {"Cache-Control": "no-cache"}
        )
        return FileResponse(page, headers=headers)

    app.include_router(router)
