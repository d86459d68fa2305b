from __future__ import annotations

from fastapi import APIRouter, Request, Response, status
from pydantic import Field, JsonValue

from api.deps import CurrentUser, ServicesDep, client_address
from api.schemas.base import CamelModel, RequestModel, errors
from core.auth.cookie import CSRF_HEADER, CSRF_VALUE, SESSION_HINT_COOKIE, RefreshCookie
from core.auth.issuer import LocalIssuer, TokenSet
from core.auth.repository import AuthAccount
from core.errors import Forbidden, NotConfigured, Unauthorized
from integrations.container import Services

router = APIRouter(prefix="/api/auth", tags=["auth"])


EMAIL: dict[str, JsonValue] = {"format": "email"}


class SignupIn(RequestModel):
    email: str = Field(max_length=254, json_schema_extra=EMAIL)
    password: str = Field(max_length=256)
    name: str = Field(max_length=200)


class SignupOut(CamelModel):
    user_id: str
    email: str
    verified: bool


class VerifyIn(RequestModel):
    email: str = Field(max_length=254, json_schema_extra=EMAIL)
    code: str = Field(max_length=16)


class EmailIn(RequestModel):
    email: str = Field(max_length=254, json_schema_extra=EMAIL)


class ResetIn(RequestModel):
    email: str = Field(max_length=254, json_schema_extra=EMAIL)
    code: str = Field(max_length=64)
    new_password: str = Field(max_length=256)


class ChangePasswordIn(RequestModel):
    current_password: str = Field(max_length=256)
    new_password: str = Field(max_length=256)


class LoginIn(RequestModel):
    email: str = Field(max_length=254)
    password: str = Field(max_length=256)


class RefreshIn(RequestModel):
    """For clients other than a browser. The web app sends no body: its refresh token is in
    the httpOnly cookie."""

    refresh_token: str | None = Field(default=None, max_length=512)


class TokensOut(CamelModel):
    access_token: str
    id_token: str
    # Only for clients that sent or asked for it in JSON; never on the web app's cookie path.
    refresh_token: str | None = None
    expires_in: int
    token_type: str = "Bearer"


def _issuer(services: Services) -> LocalIssuer:
    if services.settings.is_cognito:
        raise NotConfigured("sign-in is handled by Cognito in this deployment", code="use_cognito")
    issuer: LocalIssuer = services.issuer
    return issuer


def _signup_out(account: AuthAccount) -> SignupOut:
    return SignupOut(user_id=account.user_id, email=account.email, verified=account.verified)


def _tokens(t: TokenSet, *, with_refresh_token: bool) -> TokensOut:
    return TokensOut(
        access_token=t.access_token,
        id_token=t.id_token,
        refresh_token=t.refresh_token if with_refresh_token else None,
        expires_in=t.expires_in,
    )


def _from_web_app(request: Request) -> bool:
    return request.headers.get(CSRF_HEADER) == CSRF_VALUE


def _require_web_app(request: Request) -> None:
    """A request authenticated by the cookie must prove it comes from a page of this site."""
    if not _from_web_app(request):
        raise Forbidden(f"the {CSRF_HEADER} header is missing", code="csrf_check_failed")


def _cookie_paths(request: Request) -> list[str]:
    return [request.url_for(name).path for name in ("refresh", "logout")]


def _set_refresh_cookie(
    request: Request, response: Response, services: Services, tokens: TokenSet
) -> None:
    cookie = RefreshCookie.for_settings(services.settings)
    for path in _cookie_paths(request):
        response.set_cookie(
            cookie.name,
            tokens.refresh_token,
            max_age=tokens.refresh_expires_in,
            path=path,
            secure=cookie.secure,
            httponly=cookie.http_only,
            samesite="strict",
        )
    response.set_cookie(
        SESSION_HINT_COOKIE,
        "1",
        max_age=tokens.refresh_expires_in,
        path="/",
        secure=cookie.secure,
        samesite="strict",
    )


def _clear_refresh_cookie(request: Request, response: Response, services: Services) -> None:
    cookie = RefreshCookie.for_settings(services.settings)
    for path in _cookie_paths(request):
        response.delete_cookie(
            cookie.name,
            path=path,
            secure=cookie.secure,
            httponly=cookie.http_only,
            samesite="strict",
        )
    response.delete_cookie(SESSION_HINT_COOKIE, path="/", secure=cookie.secure, samesite="strict")


def _cookie_token(request: Request, services: Services) -> str | None:
    _require_web_app(request)
    return request.cookies.get(RefreshCookie.for_settings(services.settings).name)


@router.post(
    "/signup",
    status_code=status.HTTP_201_CREATED,
    operation_id="signup",
    responses=errors(409, 429, 503),
)
def signup(body: SignupIn, request: Request, services: ServicesDep) -> SignupOut:
    """Create an account; a verification code is emailed (in local mode: the dev outbox)."""
    issuer = _issuer(services)
    account = issuer.signup(body.email, body.password, body.name, client=client_address(request))
    return _signup_out(account)


@router.post("/verify", operation_id="verifyEmail", responses=errors(409, 429, 503))
def verify(body: VerifyIn, request: Request, services: ServicesDep) -> SignupOut:
    """Confirm the email with its code. Wrong codes are limited per account over a code's
    lifetime (a resent code does not reset the count) and per client address."""
    issuer = _issuer(services)
    return _signup_out(issuer.verify(body.email, body.code, client=client_address(request)))


@router.post(
    "/resend",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="resendCode",
    responses=errors(409, 429, 503),
)
def resend(body: EmailIn, request: Request, services: ServicesDep) -> Response:
    _issuer(services).resend_code(body.email, client=client_address(request))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/forgot",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="forgotPassword",
    responses=errors(409, 429, 503),
)
def forgot(body: EmailIn, request: Request, services: ServicesDep) -> Response:
    """Email a password reset code. The answer is the same whether or not the address has an
    account; asking is limited per address asked about and per client address."""
    services.passwords.forgot(body.email, client=client_address(request))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/reset",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="resetPassword",
    responses=errors(409, 429, 503),
)
def reset(body: ResetIn, request: Request, services: ServicesDep) -> Response:
    """Set a new password with the emailed code (`invalid_code` when it is wrong, used or
    expired; `weak_password` by the sign-up rules). Every session is signed out; sign in with
    the new password. Wrong codes are limited per account and per client address."""
    services.passwords.reset(
        body.email, body.code, body.new_password, client=client_address(request)
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/password",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="changePassword",
    responses=errors(401, 409, 429, 503),
)
def change_password(
    body: ChangePasswordIn, request: Request, user: CurrentUser, services: ServicesDep
) -> Response:
    """Change the signed-in user's password (`wrong_password` when the current one is not
    right). The user's other sessions are signed out; with Cognito, this one too."""
    services.passwords.change(
        user.caller(), body.current_password, body.new_password, client=client_address(request)
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/login",
    operation_id="login",
    responses=errors(401, 403, 429, 503),
    response_model_exclude_none=True,
)
def login(body: LoginIn, request: Request, response: Response, services: ServicesDep) -> TokensOut:
    """Sign in. Past the limit of wrong passwords (per account and per client address) every
    attempt answers 429 until the window ends.

    With the `X-Requested-With: career-agent` header (the web app) the refresh token is set as
    an httpOnly cookie and left out of the body; other clients get it in the body."""
    issuer = _issuer(services)
    tokens = issuer.login(body.email, body.password, client=client_address(request))
    if _from_web_app(request):
        _set_refresh_cookie(request, response, services, tokens)
        return _tokens(tokens, with_refresh_token=False)
    return _tokens(tokens, with_refresh_token=True)


@router.post(
    "/refresh",
    operation_id="refreshTokens",
    responses=errors(401, 403, 503),
    response_model_exclude_none=True,
)
def refresh(
    request: Request, response: Response, services: ServicesDep, body: RefreshIn | None = None
) -> TokensOut:
    """New tokens, including a new refresh token: keep it, the one sent is now spent. Sending a
    spent refresh token again signs out every session that descends from it.

    The web app sends no body and the `X-Requested-With: career-agent` header: the token is
    read from its cookie and the new one set in its place. Other clients send it in the body."""
    issuer = _issuer(services)
    if body is not None and body.refresh_token:
        return _tokens(issuer.refresh(body.refresh_token), with_refresh_token=True)
    token = _cookie_token(request, services)
    if not token:
        raise Unauthorized("no refresh token: sign in again", code="invalid_refresh_token")
    tokens = issuer.refresh(token)
    _set_refresh_cookie(request, response, services, tokens)
    return _tokens(tokens, with_refresh_token=False)


@router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="logout",
    responses=errors(403, 503),
)
def logout(request: Request, services: ServicesDep, body: RefreshIn | None = None) -> Response:
    """Revoke the refresh token (from the body, or the web app's cookie, which is cleared);
    access tokens already issued expire on their own."""
    issuer = _issuer(services)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    if body is not None and body.refresh_token:
        issuer.logout(body.refresh_token)
        return response
    token = _cookie_token(request, services)
    if token:
        issuer.logout(token)
    _clear_refresh_cookie(request, response, services)
    return response
