"""Serves the built web app at the same origin as the API, so one URL is the whole product."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles

from api.errors import SPA_ROUTE_NAME, allowed_methods, error_response


def mount_spa(app: FastAPI, dist: Path) -> None:
    index = dist / "index.html"
    if not index.is_file():
        return
    assets = dist / "assets"
    if assets.is_dir():
        app.mount("/assets", StaticFiles(directory=assets), name="assets")
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
            return FileResponse(candidate)
        # Client-side routes (/jobs/123) all load the app, which routes itself.
        return FileResponse(index, headers={"Cache-Control": "no-cache"})
