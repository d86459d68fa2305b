from __future__ import annotations

from fastapi import APIRouter, Response, status
from pydantic import Field

from api.deps import ServicesDep
from api.schemas.base import CamelModel
from core.auth.issuer import LocalIssuer, TokenSet
from core.errors import NotConfigured
from integrations.container import Services

router = APIRouter(prefix="/api/auth", tags=["auth"])


class SignupIn(CamelModel):
    email: str = Field(max_length=254)
    password: str = Field(max_length=256)
    name: str = Field(max_length=200)


class SignupOut(CamelModel):
    user_id: str
    email: str
    verified: bool


class VerifyIn(CamelModel):
    email: str = Field(max_length=254)
    code: str = Field(max_length=16)


class EmailIn(CamelModel):
    email: str = Field(max_length=254)


class LoginIn(CamelModel):
    email: str = Field(max_length=254)
    password: str = Field(max_length=256)


class RefreshIn(CamelModel):
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


@router.post("/signup", status_code=status.HTTP_201_CREATED, operation_id="signup")
def signup(body: SignupIn, services: ServicesDep) -> SignupOut:
    """Create an account; a verification code is emailed (in local mode: the dev outbox)."""
    return SignupOut(**_issuer(services).signup(body.email, body.password, body.name))


@router.post("/verify", operation_id="verifyEmail")
def verify(body: VerifyIn, services: ServicesDep) -> SignupOut:
    return SignupOut(**_issuer(services).verify(body.email, body.code))


@router.post("/resend", status_code=status.HTTP_204_NO_CONTENT, operation_id="resendCode")
def resend(body: EmailIn, services: ServicesDep) -> Response:
    _issuer(services).resend_code(body.email)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/login", operation_id="login")
def login(body: LoginIn, services: ServicesDep) -> TokensOut:
    return _tokens(_issuer(services).login(body.email, body.password))


@router.post("/refresh", operation_id="refreshTokens")
def refresh(body: RefreshIn, services: ServicesDep) -> TokensOut:
    return _tokens(_issuer(services).refresh(body.refresh_token))


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, operation_id="logout")
def logout(body: RefreshIn, services: ServicesDep) -> Response:
    """Revoke the refresh token; access tokens already issued expire on their own."""
    _issuer(services).logout(body.refresh_token)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
