from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from pydantic import Field

from api.deps import ServicesDep
from api.schemas.base import CamelModel, errors
from core.blobs.port import BlobNotFound
from core.errors import NotFound
from integrations.blobs.disposition import content_disposition

router = APIRouter(tags=["system"])


class Health(CamelModel):
    status: str


class ReadyOut(CamelModel):
    status: str
    checks: dict[str, str]


class ClientConfig(CamelModel):
    auth_mode: str
    issuer: str
    client_id: str
    region: str
    cognito_domain: str | None = None
    gmail_configured: bool
    llm: str = Field(description="the language model provider: local (none), bedrock or openai")
    llm_model: str | None = Field(
        default=None, description="the model that writes AI text; none when llm is local"
    )
    max_upload_bytes: int


@router.get("/api/health", operation_id="health")
def health() -> Health:
    """Liveness: the process answers."""
    return Health(status="ok")


@router.get(
    "/api/ready",
    operation_id="ready",
    response_model=ReadyOut,
    responses={503: {"description": "not ready", "model": ReadyOut}},
)
def ready(services: ServicesDep) -> JSONResponse:
    """Readiness: storage and the broker are reachable."""
    checks: dict[str, Any] = {}
    for name, probe in (("storage", services.store.ping), ("broker", services.queue.ping)):
        try:
            probe()
            checks[name] = "ok"
        except Exception as exc:
            checks[name] = (
                f"unreachable: {str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__}"
            )
    ok = all(v == "ok" for v in checks.values())
    return JSONResponse(
        {"status": "ok" if ok else "unavailable", "checks": checks}, 200 if ok else 503
    )


@router.get("/api/config", operation_id="getClientConfig")
def client_config(services: ServicesDep) -> ClientConfig:
    """What the web app needs to know before anyone signs in."""
    s = services.settings
    return ClientConfig(
        auth_mode=s.auth_backend,
        issuer=s.cognito_issuer if s.is_cognito else s.local_issuer,
        client_id=s.cognito_client_id if s.is_cognito else s.local_client_id,
        region=s.aws_region,
        cognito_domain=s.cognito_domain or None,
        gmail_configured=bool(s.google_client_id and s.google_client_secret),
        llm=s.llm_backend,
        llm_model=s.llm_model,
        max_upload_bytes=s.max_upload_bytes,
    )


@router.get(
    "/.well-known/jwks.json", operation_id="jwks", include_in_schema=True, responses=errors(404)
)
def jwks(services: ServicesDep) -> dict[str, Any]:
    """The local issuer's public keys (in Cognito mode, Cognito publishes its own)."""
    if services.settings.is_cognito:
        raise NotFound("keys are published by Cognito in this deployment")
    keys: dict[str, Any] = services.issuer.key.jwks()
    return keys


@router.get(
    "/api/files/{token}",
    operation_id="downloadFile",
    response_class=Response,
    responses={
        200: {
            "description": "the file's bytes, as the type it was stored with",
            "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
        }
    },
)
def download_file(token: str, services: ServicesDep) -> Response:
    """A time-limited download link of the local blob store (S3 links go to S3 directly)."""
    open_download = getattr(services.blobs, "open_download", None)
    if open_download is None:
        raise NotFound("no such file")
    try:
        data, content_type, filename = open_download(token)
    except (BlobNotFound, ValueError):
        raise NotFound("this link is invalid or has expired") from None
    return Response(
        data,
        media_type=content_type or "application/octet-stream",
        headers={"Content-Disposition": content_disposition(filename)},
    )
