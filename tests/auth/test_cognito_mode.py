"""Cognito mode: the same verifier checks tokens that moto's Cognito user pool issues, fetching
the pool's JWKS over HTTP."""

from __future__ import annotations

import re
from pathlib import Path

import jwt
import pytest
from botocore.exceptions import ClientError
from fastapi.testclient import TestClient

from api.app import create_app
from core.auth.verify import TokenVerifier
from core.errors import Unauthorized
from integrations.auth import build_jwks_source
from integrations.container import Services, build_services
from tests.deploy.cfn import load
from tests.support.cognito import (
    cognito_settings,
    create_pool,
    create_signed_in_user,
    idp_client,
)


@pytest.fixture
def pool(moto_server: str) -> dict:
    idp = idp_client(moto_server)
    pool_id, client_id = create_pool(idp)
    user = create_signed_in_user(idp, pool_id, client_id, "cognito.user@example.com")
    idp.admin_update_user_attributes(
        UserPoolId=pool_id,
        Username=user["email"],
        UserAttributes=[{"Name": "name", "Value": "Cora Gnito"}],
    )
    return {
        "poolId": pool_id,
        "clientId": client_id,
        "email": user["email"],
        "auth": user["auth"],
        "idp": idp,
    }


def _settings(tmp_path: Path, redis_url: str, moto_server: str, pool: dict):
    return cognito_settings(tmp_path / "data", redis_url, moto_server, pool)


@pytest.fixture
def cognito_services(tmp_path: Path, redis_url: str, moto_server: str, pool: dict) -> Services:
    services = build_services(_settings(tmp_path, redis_url, moto_server, pool))
    services.store.init()
    return services


def test_cognito_access_token_reaches_the_profile(cognito_services: Services, pool: dict) -> None:
    services = cognito_services
    with TestClient(create_app(services=services)) as client:
        headers = {"Authorization": f"Bearer {pool['auth']['AccessToken']}"}
        r = client.get("/api/users/me", headers=headers)
        assert r.status_code == 200, r.text
        sub = jwt.decode(pool["auth"]["AccessToken"], options={"verify_signature": False})["sub"]
        assert r.json()["userId"] == sub
        # Fetched from Cognito on first sight: the access token carries neither.
        assert (r.json()["email"], r.json()["name"]) == (pool["email"], "Cora Gnito")
        r = client.put("/api/users/me", json={"targetRole": "Nurse Practitioner"}, headers=headers)
        assert r.status_code == 200 and r.json()["targetRole"] == "Nurse Practitioner"
        cfg = client.get("/api/config").json()
        assert cfg["authMode"] == "cognito" and cfg["clientId"] == pool["clientId"]
        # Local sign-up is not offered in Cognito mode.
        assert (
            client.post("/api/auth/login", json={"email": "a@b.co", "password": "x"}).status_code
            == 503
        )
        # Erasure removes the sign-in at Cognito too.
        assert client.delete("/api/users/me", headers=headers).status_code == 204
        assert services.store.get("Users", {"userId": sub}) is None
        with pytest.raises(ClientError, match="UserNotFound"):
            pool["idp"].admin_get_user(UserPoolId=pool["poolId"], Username=pool["email"])
        # The access token is still unexpired, but Cognito no longer knows the user: it
        # neither re-creates the profile nor writes.
        r = client.post("/api/applications", json={"company": "Ghost Corp"}, headers=headers)
        assert r.status_code == 401 and r.json()["error"]["code"] == "account_deleted"
        assert services.store.get("Users", {"userId": sub}) is None
        assert list(services.store.scan("Applications")) == []


def test_cognito_tokens_for_another_client_or_pool_are_refused(
    tmp_path: Path, redis_url: str, moto_server: str, pool: dict
) -> None:
    settings = _settings(tmp_path, redis_url, moto_server, pool)
    services = build_services(settings)
    good = TokenVerifier.for_settings(settings, build_jwks_source(settings, services))
    sub = jwt.decode(pool["auth"]["AccessToken"], options={"verify_signature": False})["sub"]
    assert good.verify(pool["auth"]["AccessToken"]).sub == sub
    with pytest.raises(Unauthorized):  # an id token is not accepted where access is required
        good.verify(pool["auth"]["IdToken"])
    assert (
        good.verify(pool["auth"]["IdToken"], allowed_uses=frozenset({"id"})).email == pool["email"]
    )

    other_client = settings.model_copy(update={"cognito_client_id": "another-client"})
    with pytest.raises(Unauthorized, match="another client"):
        TokenVerifier.for_settings(other_client, build_jwks_source(other_client, services)).verify(
            pool["auth"]["AccessToken"]
        )
    other_pool = settings.model_copy(update={"cognito_user_pool_id": "us-east-1_Other"})
    with pytest.raises(Unauthorized):
        TokenVerifier.for_settings(other_pool, build_jwks_source(other_pool, services)).verify(
            pool["auth"]["AccessToken"]
        )


def test_a_profile_cognito_will_not_share_is_refused_not_left_empty(
    cognito_services: Services, pool: dict
) -> None:
    services = cognito_services
    # The token still verifies (signature, issuer, expiry), but Cognito no longer knows the
    # user, so GetUser fails as it does for a token without the admin scope.
    pool["idp"].admin_delete_user(UserPoolId=pool["poolId"], Username=pool["email"])
    with TestClient(create_app(services=services)) as client:
        headers = {"Authorization": f"Bearer {pool['auth']['AccessToken']}"}
        r = client.get("/api/users/me", headers=headers)
        assert r.status_code == 401, r.text
        assert r.json()["error"]["code"] == "account_deleted"
    sub = jwt.decode(pool["auth"]["AccessToken"], options={"verify_signature": False})["sub"]
    assert services.store.get("Users", {"userId": sub}) is None  # nothing half-made


def test_the_web_app_asks_for_the_scope_that_reads_the_profile() -> None:
    root = Path(__file__).resolve().parents[2]
    source = (root / "frontend" / "src" / "auth" / "cognito.ts").read_text()
    match = re.search(r"HOSTED_UI_SCOPES = '([^']+)'", source)
    assert match and "scope: HOSTED_UI_SCOPES" in source
    asked = set(match.group(1).split())
    assert "aws.cognito.signin.user.admin" in asked  # GetUser refuses tokens without it
    template = load(root / "deploy" / "aws" / "template.yaml")
    allowed = set(template["Resources"]["UserPoolClient"]["Properties"]["AllowedOAuthScopes"])
    assert asked <= allowed
