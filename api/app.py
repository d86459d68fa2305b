"""The FastAPI application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware

from api.errors import install_error_handlers
from api.middleware import (
    BodyLimitMiddleware,
    RequestContextMiddleware,
    SecurityHeadersMiddleware,
    content_security_policy,
)
from api.openapi import build_openapi
from api.routes import ROUTERS
from api.spa import mount_spa
from core.logs import configure_logging
from core.settings import Settings, get_settings
from integrations.container import Services, build_services

DOCS_PATH = "/api/docs"


def _connect_sources(settings: Settings) -> list[str]:
    """Origins the web app itself calls besides its own: Cognito's token endpoint."""
    domain = settings.cognito_domain.strip().rstrip("/")
    if not settings.is_cognito or not domain:
        return []
    if domain.startswith(("https://", "http://")):
        return [domain]
    if "." not in domain:
        return [f"https://{domain}.auth.{settings.aws_region}.amazoncognito.com"]
    return [f"https://{domain}"]


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    """The app over `services`; without them it builds its own, and closes them on shutdown."""
    settings = settings or (services.settings if services else get_settings())
    configure_logging(settings.log_level, json=settings.log_json)
    owned = services is None
    services = services or build_services(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.environment != "test":
            from core.jobs.cache import INDEX_CACHE

            # The first list request should not be the one that pays for reading every job.
            INDEX_CACHE.warm_in_background(services.store)
        yield
        if owned:
            services.close()

    app = FastAPI(
        lifespan=lifespan,
        title="Career Agent API",
        version="0.1.0",
        openapi_url="/api/openapi.json" if settings.api_docs else None,
        docs_url=DOCS_PATH if settings.api_docs else None,
        redoc_url=None,
    )
    app.openapi = lambda: build_openapi(app)  # type: ignore[method-assign]
    app.state.services = services
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins or [],
        allow_credentials=False,
        allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
        allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
        expose_headers=["X-Request-ID", "Retry-After", "Content-Disposition"],
    )
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(
        BodyLimitMiddleware,
        limit=settings.max_body_bytes,
        own_limit=frozenset({("POST", "/api/resume"), ("POST", "/api/email/imports")}),
    )
    app.add_middleware(
        SecurityHeadersMiddleware,
        csp=content_security_policy(_connect_sources(settings)),
        docs_path=DOCS_PATH if settings.api_docs else None,
        always_https=settings.public_url.startswith("https://"),
    )
    app.add_middleware(RequestContextMiddleware)
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    mount_spa(app, settings.frontend_dist_dir)
    return app
