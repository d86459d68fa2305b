from __future__ import annotations

from fastapi import APIRouter, Request, Response, status
from pydantic import Field, JsonValue

from api.deps import ServicesDep, client_address
from api.schemas.base import CamelModel, RequestModel, errors
from core.auth.issuer import LocalIssuer, TokenSet
from core.errors import NotConfigured
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


class LoginIn(RequestModel):
    email: str = Field(max_length=254)
    password: str = Field(max_length=256)


class RefreshIn(RequestModel):
    refresh_token: str = Field(max_length=512)


class TokensOut(CamelModel):
    access_token: str
    id_token: str
    refresh_token: str
    expires_in: int
    token_type: str = "Bearer"


def _issuer(services: Services) -> LocalIssuer:
    if services.settings.is_cognito:
        raise NotConfigured("sign-in is handled by Cognito in this deployment", code="use_cognito")
    issuer: LocalIssuer = services.issuer
    return issuer


def _tokens(t: TokenSet) -> TokensOut:
    return TokensOut(
        access_token=t.access_token,
        id_token=t.id_token,
        refresh_token=t.refresh_token,
        expires_in=t.expires_in,
    )


@router.post(
    "/signup",
    status_code=status.HTTP_201_CREATED,
    operation_id="signup",
    responses=errors(409, 429, 503),
)
def signup(body: SignupIn, request: Request, services: ServicesDep) -> SignupOut:
    """Create an account; a verification code is emailed (in local mode: the dev outbox)."""
    issuer = _issuer(services)
    return SignupOut(
        **issuer.signup(body.email, body.password, body.name, client=client_address(request))
    )


@router.post("/verify", operation_id="verifyEmail", responses=errors(409, 429, 503))
def verify(body: VerifyIn, request: Request, services: ServicesDep) -> SignupOut:
    """Confirm the email with its code. Wrong codes are limited per account over a code's
    lifetime (a resent code does not reset the count) and per client address."""
    issuer = _issuer(services)
    return SignupOut(**issuer.verify(body.email, body.code, client=client_address(request)))


@router.post(
    "/resend",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="resendCode",
    responses=errors(409, 429, 503),
)
def resend(body: EmailIn, request: Request, services: ServicesDep) -> Response:
    _issuer(services).resend_code(body.email, client=client_address(request))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/login", operation_id="login", responses=errors(401, 403, 429, 503))
def login(body: LoginIn, request: Request, services: ServicesDep) -> TokensOut:
    """Sign in. Past the limit of wrong passwords (per account and per client address) every
    attempt answers 429 until the window ends."""
    issuer = _issuer(services)
    return _tokens(issuer.login(body.email, body.password, client=client_address(request)))


@router.post("/refresh", operation_id="refreshTokens", responses=errors(401, 503))
def refresh(body: RefreshIn, services: ServicesDep) -> TokensOut:
    """New tokens, including a new refresh token: keep it, the one sent is now spent. Sending a
    spent refresh token again signs out every session that descends from it."""
    return _tokens(_issuer(services).refresh(body.refresh_token))


@router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="logout",
    responses=errors(503),
)
def logout(body: RefreshIn, services: ServicesDep) -> Response:
    """Revoke the refresh token; access tokens already issued expire on their own."""
    _issuer(services).logout(body.refresh_token)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
