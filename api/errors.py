"""One JSON shape for every error: {"error": {"code", "message", "details"}}."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Route

from api.middleware import BodyTooLarge
from core.errors import DomainError, TooManyRequests
from core.logs import get_logger

log = get_logger(__name__)

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    429: "rate_limited",
}


def error_response(
    status: int, code: str, message: str, details: Any = None, headers: dict | None = None
) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": code, "message": message, "details": details}},
        status_code=status,
        headers=headers,
    )


def _plain(err: Mapping[str, Any]) -> str:
    """The reason in the words a person reads in a form, for the limits forms meet most;
    pydantic's own message for the rest."""
    kind = err.get("type")
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return "is required"
    if kind == "string_too_long":
        return f"must be at most {ctx['max_length']:,} characters"
    if kind == "string_too_short":
        if ctx.get("min_length") == 1:
            return "must not be empty"
        return f"must be at least {ctx['min_length']:,} characters"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == r"\S":
        return "must not be blank"
    if kind == "too_long":
        return f"must have at most {ctx['max_length']:,} items"
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = ctx.get("ge", ctx.get("le"))
        return f"must be {'at least' if kind == 'greater_than_equal' else 'at most'} {bound}"
    return str(err.get("msg", "invalid"))


def _validation_details(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path")]
        out.append({"field": ".".join(loc) or None, "reason": _plain(err)})
    return out


def allowed_methods(app: FastAPI, path: str) -> set[str]:
    """Every method some route accepts at this path (Starlette names only the first route's).
    As in OpenAPI, a concrete path (`/api/tasks/diagnostics`) is matched before a templated
    one (`/api/tasks/{task_id}`). The web app's catch-all GET does not count under /api/."""
    concrete: set[str] = set()
    templated: set[str] = set()
    for route in iter_routes(app):
        if route.name == SPA_ROUTE_NAME and path.startswith(("/api/", "/.well-known/")):
            continue
        if route.path_regex.match(path):
            (templated if "{" in route.path else concrete).update(route.methods or ())
    return concrete or templated


def iter_routes(app: FastAPI) -> list[Route]:
    """The app's own routes and those of every router it includes, flattened."""
    from api.routes import ROUTERS

    routes = [r for r in app.router.routes if isinstance(r, Route)]
    return routes + [r for router in ROUTERS for r in router.routes if isinstance(r, Route)]


SPA_ROUTE_NAME = "spa"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def domain_error(_: Request, exc: DomainError) -> JSONResponse:
        headers = None
        if isinstance(exc, TooManyRequests):
            headers = {"Retry-After": str(exc.retry_after)}
        return error_response(exc.status_code, exc.code, exc.message, exc.details, headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        for err in exc.errors():
            if err.get("type") == "json_invalid":
                where = err.get("ctx", {}).get("error", "")
                return error_response(
                    400,
                    "malformed_json",
                    "the request body is not valid JSON",
                    {"reason": str(where) or None, "position": (err.get("loc") or [None])[-1]},
                )
        details = _validation_details(exc)
        first = details[0] if details else {"field": None, "reason": "invalid request"}
        where = f"{first['field']}: " if first["field"] else ""
        return error_response(422, "invalid_input", f"{where}{first['reason']}", details)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:
            methods = allowed_methods(app, request.url.path)
            if not methods:
                return error_response(404, "not_found", "no such endpoint")
            headers["Allow"] = ", ".join(sorted(methods))
            message = f"{request.method} is not allowed here; use {headers['Allow']}"
            return error_response(405, "method_not_allowed", message, headers=headers)
        code = _HTTP_CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        details = {"limit": exc.limit} if isinstance(exc, BodyTooLarge) else None
        return error_response(exc.status_code, code, message, details, headers or None)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled_error", path=request.url.path)
        return error_response(
            500,
            "internal_error",
            "something went wrong on our side; try again, and quote the request id if it persists",
            {"requestId": request.headers.get("x-request-id") or request.state.request_id},
        )
