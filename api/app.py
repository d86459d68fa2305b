"""The FastAPI application factory."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware

from api.errors import install_error_handlers
from api.middleware import RequestContextMiddleware
from api.routes import ROUTERS
from api.schemas.base import ErrorResponse
from api.spa import mount_spa
from core.logs import configure_logging
from core.settings import Settings, get_settings
from integrations.container import Services, build_services

_ERROR_RESPONSES: dict[int | str, dict] = {
    code: {"model": ErrorResponse, "description": text}
    for code, text in (
        (401, "not signed in, or the token is invalid"),
        (404, "not found, or not yours"),
        (422, "invalid input"),
        (429, "rate limited"),
    )
}


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    settings = settings or (services.settings if services else get_settings())
    configure_logging(settings.log_level, json=settings.log_json)
    services = services or build_services(settings)
    app = FastAPI(
        title="Career Agent API",
        version="0.1.0",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.services = services
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_credentials=False,
        allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
        allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
        expose_headers=["X-Request-ID", "Retry-After", "Content-Disposition"],
    )
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(RequestContextMiddleware)
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router, responses=_ERROR_RESPONSES)
    mount_spa(app, settings.frontend_dist_dir)
    return app
