"""Serves the built web app at the same origin as the API, so one URL is the whole product."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import Scope

from api.errors import SPA_ROUTE_NAME, allowed_methods, error_response

# Vite names every file under /assets after a hash of its content: a new build makes new names,
# so a browser may keep these for a year without asking again. index.html names the current
# ones, so it is always revalidated.
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


class HashedAssets(StaticFiles):
    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code in (200, 304):
            response.headers["Cache-Control"] = IMMUTABLE
        return response


def mount_spa(app: FastAPI, dist: Path) -> None:
    index = dist / "index.html"
    if not index.is_file():
        return
    assets = dist / "assets"
    if assets.is_dir():
        app.mount("/assets", HashedAssets(directory=assets), name="assets")
    root = dist.resolve()

    @app.get("/{path:path}", include_in_schema=False, name=SPA_ROUTE_NAME)
    def spa(path: str, request: Request) -> Response:
        if path.startswith(("api/", ".well-known/")):
            # An API path that exists for other methods: say which, as the API itself does.
            methods = allowed_methods(app, f"/{path}")
            if methods:
                allow = ", ".join(sorted(methods))
                return error_response(
                    405,
                    "method_not_allowed",
                    f"GET is not allowed here; use {allow}",
                    headers={"Allow": allow},
                )
            return error_response(404, "not_found", "no such endpoint")
        candidate = (root / path).resolve()
        if path and candidate.is_file() and candidate.is_relative_to(root):
            headers = {"Cache-Control": REVALIDATE} if candidate == index.resolve() else None
            return FileResponse(candidate, headers=headers)
        if PurePosixPath(path).suffix not in ("", ".html"):
            # A missing file (robots.txt, favicon.ico, an old asset): not the app's HTML.
            return error_response(404, "not_found", "no such file")
        # Client-side routes (/jobs/123) all load the app, which routes itself.
        return FileResponse(index, headers={"Cache-Control": REVALIDATE})
