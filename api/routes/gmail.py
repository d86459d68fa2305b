from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request, status
from fastapi.responses import JSONResponse, RedirectResponse, Response

from api.deps import CurrentUser, ServicesDep
from api.schemas.base import QueryText, errors
from api.schemas.gmail import ConnectOut, DisconnectOut, GmailStatusOut, gmail_status_out
from api.schemas.tasks import TaskOut, task_out
from core.errors import DomainError
from core.gmail import accounts
from core.settings import Settings
from core.tasks.lanes import UserLimits

# Every Gmail route answers 503 until a Google OAuth client is configured.
router = APIRouter(prefix="/api/gmail", tags=["gmail"], responses=errors(503))


def _ready(settings: Settings) -> None:
    accounts.require_configured(settings)


@router.get("/connect", operation_id="connectGmail", responses=errors(409))
def connect(user: CurrentUser, services: ServicesDep) -> ConnectOut:
    """A Google authorization URL to send the user to (read-only Gmail access)."""
    _ready(services.settings)
    url = accounts.start_connect(
        services.store,
        services.cipher,
        services.gmail,
        user.user_id,
    )
    return ConnectOut(authorization_url=url)


def _wants_html(request: Request) -> bool:
    return "text/html" in request.headers.get("accept", "")


@router.get(
    "/callback",
    operation_id="gmailCallback",
    response_model=GmailStatusOut,
    responses={
        303: {"description": "back to the app (browser navigation)"},
        **errors(409),
    },
)
def callback(
    request: Request,
    services: ServicesDep,
    state: QueryText | None = Query(default=None, max_length=200),
    code: QueryText | None = Query(default=None, max_length=2000),
    error: QueryText | None = Query(default=None, max_length=200),
) -> Response:
    """Where Google sends the user back. The user is the one who started the connection (the
    state is bound to them), so this works as a plain browser redirect without a token."""
    settings = services.settings
    app_page = f"{settings.public_url}/gmail"
    try:
        _ready(settings)
        result = accounts.finish_connect(
            services.store,
            services.cipher,
            services.gmail,
            services.queue,
            state=state,
            code=code,
            error=error,
        )
    except DomainError as exc:
        if _wants_html(request):
            return RedirectResponse(
                f"{app_page}?{urlencode({'error': exc.message})}", status_code=303
            )
        raise
    if _wants_html(request):
        query = {"connected": "1", "scan": result.scan_task_id or ""}
        return RedirectResponse(f"{app_page}?{urlencode(query)}", status_code=303)
    return JSONResponse(gmail_status_out(result).model_dump(by_alias=True, mode="json"))


@router.get("/status", operation_id="getGmailStatus")
def gmail_status(user: CurrentUser, services: ServicesDep) -> GmailStatusOut:
    _ready(services.settings)
    return gmail_status_out(accounts.account_status(services.store, user.user_id))


@router.post(
    "/scan",
    status_code=status.HTTP_202_ACCEPTED,
    operation_id="scanGmail",
    responses=errors(404, 409),
)
def scan_now(user: CurrentUser, services: ServicesDep) -> TaskOut:
    _ready(services.settings)
    limits = UserLimits.from_settings(services.settings)
    run = accounts.request_scan(services.store, services.queue, user.user_id, limits)
    return task_out(run, services.settings)


@router.delete("", operation_id="disconnectGmail", responses=errors(404))
def disconnect(user: CurrentUser, services: ServicesDep) -> DisconnectOut:
    """Revoke the token at Google, delete it and the scan state. Interviews found stay."""
    _ready(services.settings)
    revoked = accounts.disconnect(services.store, services.cipher, services.gmail, user.user_id)
    return DisconnectOut(disconnected=True, revoked_at_google=revoked)
