"""Serves the static export of the Next.js app, with a fallback for client-side routes.

`/tasks` is `tasks.html`; a deep link such as `/tasks/ENG-12` has no file of its own, so it gets
the nearest parent page (`tasks.html`), which reads the rest of the path in the browser.
"""

from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from huddle.errors import error_response, methods_served

_NOT_BUILT = """<!doctype html><title>Huddle</title><body style="font-family:system-ui;padding:3rem">
<h1>The web app is not built</h1><p>Run <code>make run</code> (it builds <code>web/</code>) or
<code>cd web && npm run build</code>. The API is up: see <a href="/docs">/docs</a>.</p></body>"""


def _page_for(root: Path, path: str) -> Path | None:
    parts = [part for part in path.split("/") if part]
    if any(part in ("..", ".") or part.startswith(".") for part in parts):
        return None
    exact = root.joinpath(*parts) if parts else root / "index.html"
    if exact.is_file():
        return exact
    while parts:
        candidate = root.joinpath(*parts[:-1], parts[-1] + ".html")
        if candidate.is_file():
            return candidate
        index = root.joinpath(*parts, "index.html")
        if index.is_file():
            return index
        parts.pop()
    return root / "index.html" if (root / "index.html").is_file() else None


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
            return error_response(404, "not found")
        headers = (
            {"Cache-Control": "public, max-age=31536000, immutable"}
            if path.startswith("_next/static/")
            else {"Cache-Control": "no-cache"}
        )
        return FileResponse(page, headers=headers)

    app.include_router(router)
