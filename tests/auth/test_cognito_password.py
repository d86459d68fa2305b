"""Forgotten and changed passwords in Cognito mode: the same API, with moto's user pool (over
HTTP) sending the codes and holding the passwords.

Moto sends no email: the code it would send is read from its user pool, as the local tests read
the dev outbox. Where moto is laxer than Cognito it is not relied on: a moto code is only
checked when it carries moto's prefix (every test code here does), moto takes any new password
at reset and limits no attempts (the API refuses both itself), and moto signs no one out on a
new password (the API asks Cognito to)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError
from fastapi.testclient import TestClient
from moto.cognitoidp.models import cognitoidp_backends
from moto.core import DEFAULT_ACCOUNT_ID

from api.app import create_app
from integrations.container import build_services
from tests.support.cognito import (
    PASSWORD,
    cognito_settings,
    create_pool,
    create_signed_in_user,
    idp_client,
)

NEW_PASSWORD = "Brand-New-Pass-7"


@pytest.fixture
def pool(moto_server: str) -> dict:
    idp = idp_client(moto_server)
    pool_id, client_id = create_pool(idp)
    return {"poolId": pool_id, "clientId": client_id, "idp": idp}


@pytest.fixture
def client(tmp_path: Path, redis_url: str, moto_server: str, pool: dict):
    services = build_services(cognito_settings(tmp_path / "data", redis_url, moto_server, pool))
    services.store.init()
    with TestClient(create_app(services=services)) as c:
        yield c


def _sent_code(pool: dict, email: str) -> str | None:
    """The code Cognito would have emailed to `email`."""
    user_pool = cognitoidp_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].user_pools[pool["poolId"]]
    user = user_pool._get_user(email)
    return user.confirmation_code if user else None


def _sign_in(pool: dict, email: str, password: str) -> dict[str, Any]:
    return pool["idp"].initiate_auth(
        ClientId=pool["clientId"],
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": email, "PASSWORD": password},
    )["AuthenticationResult"]


def _can_sign_in(pool: dict, email: str, password: str) -> bool:
    try:
        _sign_in(pool, email, password)
    except ClientError as exc:
        assert exc.response["Error"]["Code"] == "NotAuthorizedException"
        return False
    return True


def _can_refresh(pool: dict, auth: dict[str, Any]) -> bool:
    try:
        pool["idp"].initiate_auth(
            ClientId=pool["clientId"],
            AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters={"REFRESH_TOKEN": auth["RefreshToken"]},
        )
    except ClientError as exc:
        assert exc.response["Error"]["Code"] == "NotAuthorizedException"
        return False
    return True


def _reset(client: TestClient, email: str, code: str, password: str = NEW_PASSWORD) -> dict:
    r = client.post("/api/auth/reset", json={"email": email, "code": code, "newPassword": password})
    return {"status": r.status_code, "error": r.json()["error"] if r.content else None}


def _wrong(code: str) -> str:
    prefix, _, digits = code.rpartition(":")
    return f"{prefix}:{(int(digits) + 1) % 1_000_000:06d}"


def test_forgot_reset_then_sign_in_with_the_new_password_only(
    client: TestClient, pool: dict
) -> None:
    user = create_signed_in_user(pool["idp"], pool["poolId"], pool["clientId"], "ann@example.com")
    other_session = _sign_in(pool, user["email"], PASSWORD)

    r = client.post("/api/auth/forgot", json={"email": "Ann@Example.com"})
    assert (r.status_code, r.content) == (204, b"")
    code = _sent_code(pool, user["email"])
    assert code

    # Moto takes any new password here; Cognito would not, and neither does the API.
    weak = _reset(client, user["email"], code, "weakpass")
    assert weak["status"] == 422 and weak["error"]["code"] == "weak_password"
    assert _can_sign_in(pool, user["email"], PASSWORD)

    wrong = _reset(client, user["email"], _wrong(code))
    assert wrong["status"] == 422 and wrong["error"]["code"] == "invalid_code"

    assert _reset(client, user["email"], code)["status"] == 204
    assert not _can_sign_in(pool, user["email"], PASSWORD)
    assert _can_sign_in(pool, user["email"], NEW_PASSWORD)
    # Every session from before the reset is signed out.
    assert not _can_refresh(pool, user["auth"])
    assert not _can_refresh(pool, other_session)
    # The code is spent.
    again = _reset(client, user["email"], code, "Another-Pass-8")
    assert again["status"] == 422 and again["error"]["code"] == "invalid_code"
    assert _can_sign_in(pool, user["email"], NEW_PASSWORD)


def test_an_unknown_address_gets_the_same_answer(client: TestClient, pool: dict) -> None:
    create_signed_in_user(pool["idp"], pool["poolId"], pool["clientId"], "ann@example.com")
    unknown = client.post("/api/auth/forgot", json={"email": "nobody@example.com"})
    assert (unknown.status_code, unknown.content) == (204, b"")
    assert _sent_code(pool, "ann@example.com") is None  # nothing sent to anyone
    known = client.post("/api/auth/forgot", json={"email": "ann@example.com"})
    assert (known.status_code, known.content) == (unknown.status_code, unknown.content)
    assert _sent_code(pool, "ann@example.com")


def test_wrong_codes_run_out(client: TestClient, pool: dict) -> None:
    user = create_signed_in_user(pool["idp"], pool["poolId"], pool["clientId"], "ann@example.com")
    assert client.post("/api/auth/forgot", json={"email": user["email"]}).status_code == 204
    code = _sent_code(pool, user["email"])
    assert code
    for _ in range(5):
        assert _reset(client, user["email"], _wrong(code))["status"] == 422
    # Moto would go on taking guesses; the API stops them, even the right code.
    r = _reset(client, user["email"], code)
    assert r["status"] == 429 and r["error"]["details"]["retryAfter"] > 0
    assert _can_sign_in(pool, user["email"], PASSWORD)


def test_change_password_checks_the_current_one_and_signs_out_every_session(
    client: TestClient, pool: dict
) -> None:
    user = create_signed_in_user(pool["idp"], pool["poolId"], pool["clientId"], "ann@example.com")
    other_session = _sign_in(pool, user["email"], PASSWORD)
    headers = {"Authorization": f"Bearer {user['token']}"}

    body = {"currentPassword": "Not-The-Pass-1", "newPassword": NEW_PASSWORD}
    r = client.post("/api/auth/password", json=body, headers=headers)
    assert r.status_code == 422 and r.json()["error"]["code"] == "wrong_password"
    assert _can_refresh(pool, other_session)

    body = {"currentPassword": PASSWORD, "newPassword": NEW_PASSWORD}
    assert client.post("/api/auth/password", json=body, headers=headers).status_code == 204
    assert not _can_sign_in(pool, user["email"], PASSWORD)
    assert _can_sign_in(pool, user["email"], NEW_PASSWORD)
    # Cognito cannot keep one session and end the others: every one is over.
    assert not _can_refresh(pool, other_session)
    assert not _can_refresh(pool, user["auth"])
