"""ASGI middleware: a request id and an access-log line per request, the body-size limit, and
the security headers."""

from __future__ import annotations

import re
import time
import uuid

import structlog
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.logs import get_logger

log = get_logger("api.access")
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            log.info(
                "request",
                method=scope.get("method"),
                path=scope.get("path"),
                status=status,
                duration_ms=round((time.perf_counter() - started) * 1000, 1),
            )


class BodyTooLarge(StarletteHTTPException):
    """Raised from `receive` when a body passes its limit. An HTTPException, so that FastAPI's
    body reader lets it through (it turns any other error into a 400) to the error handler."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is over the limit of {limit} bytes")
        self.limit = limit


def _too_large(limit: int) -> JSONResponse:
    return JSONResponse(
        {
            "error": {
                "code": "payload_too_large",
                "message": f"the request body is over the limit of {limit} bytes",
                "details": {"limit": limit},
            }
        },
        status_code=413,
        headers={"Connection": "close"},
    )


class BodyLimitMiddleware:
    """Caps every request body while it is read, before anything parses it: a declared
    Content-Length over the limit is refused unread, and a body that grows past it (chunked,
    or lying about its length) is cut off. Routes in `own_limit` (uploads) enforce their own,
    larger limit the same way, with an answer that speaks of files."""

    def __init__(
        self, app: ASGIApp, *, limit: int, own_limit: frozenset[tuple[str, str]] = frozenset()
    ) -> None:
        self.app = app
        self.limit = limit
        self.own_limit = own_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or (
            (scope["method"], scope["path"].rstrip("/")) in self.own_limit
        ):
            await self.app(scope, receive, send)
            return
        limit = self.limit
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await _too_large(limit)(scope, receive, send)
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if started:
                raise
            await _too_large(limit)(scope, receive, send)


_HSTS = "max-age=31536000; includeSubDomains"


def content_security_policy(connect_sources: list[str]) -> str:
    """The web app's policy: its own scripts only, no framing, no plugins. Inline styles are
    allowed because the chart and dialog libraries set style attributes."""
    connect = " ".join(["'self'", *connect_sources])
    return (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        f"img-src 'self' data:; font-src 'self' data:; connect-src {connect}; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )


# The interactive docs page loads Swagger UI from its CDN and starts it with an inline script.
_DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "img-src 'self' data: https://fastapi.tiangolo.com; frame-ancestors 'none'"
)


class SecurityHeadersMiddleware:
    """Headers every response carries: a content security policy, no MIME sniffing, no
    framing, a strict referrer policy, and HSTS when the request arrived over TLS."""

    def __init__(
        self, app: ASGIApp, *, csp: str, docs_path: str | None, always_https: bool
    ) -> None:
        self.app = app
        self.csp = csp.encode()
        self.docs_path = docs_path
        self.always_https = always_https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = _DOCS_CSP.encode() if scope["path"] == self.docs_path else self.csp
        tls = self.always_https or scope.get("scheme") == "https"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                extra = [
                    (b"content-security-policy", csp),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                    (b"cross-origin-opener-policy", b"same-origin"),
                ]
                if tls:
                    extra.append((b"strict-transport-security", _HSTS.encode()))
                headers += [(k, v) for k, v in extra if k not in present]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
