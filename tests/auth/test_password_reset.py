"""Forgotten and changed passwords with the local issuer, through the HTTP API: codes from the
dev outbox, single use, expiring, with a bounded number of attempts, and every other session
signed out afterwards."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from core.auth.issuer import MAX_CODE_ATTEMPTS
from core.clock import iso, parse_iso, utcnow
from core.errors import InvalidInput, TooManyRequests
from core.settings import Settings
from integrations.container import Services
from tests.support.accounts import PASSWORD, read_reset_code, reset_emails

NEW_PASSWORD = "Brand-New-Pass-7"


def _login(client: TestClient, email: str, password: str) -> int:
    return client.post("/api/auth/login", json={"email": email, "password": password}).status_code


def _refresh(client: TestClient, tokens: dict) -> int:
    r = client.post("/api/auth/refresh", json={"refreshToken": tokens["refreshToken"]})
    return r.status_code


def _reset(client: TestClient, email: str, code: str, password: str = NEW_PASSWORD) -> dict:
    r = client.post("/api/auth/reset", json={"email": email, "code": code, "newPassword": password})
    return {"status": r.status_code, "error": r.json()["error"] if r.content else None}


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


@pytest.fixture
def outbox(settings: Settings):
    assert settings.dev_outbox_dir is not None
    return settings.dev_outbox_dir


def test_forgot_reset_then_sign_in_with_the_new_password_only(
    client: TestClient,
    signup_and_login: Callable[..., dict],
    outbox,
    services: Services,
    capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    user = signup_and_login()
    email = user["email"]
    other_session = client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    assert other_session.status_code == 200

    r = client.post("/api/auth/forgot", json={"email": email.upper()})
    assert (r.status_code, r.content) == (204, b"")
    code = read_reset_code(outbox, email)
    # Kept as a digest only.
    account = services.store.get("AuthAccounts", {"email": email})
    assert account is not None and account["resetCodeHash"] and code not in str(account)

    assert _reset(client, email, code)["status"] == 204
    assert _login(client, email, PASSWORD) == 401
    assert _login(client, email, NEW_PASSWORD) == 200
    # Every session from before the reset is over.
    assert _refresh(client, user["tokens"]) == 401
    assert _refresh(client, other_session.json()) == 401
    # The code is spent.
    again = _reset(client, email, code, "Another-Pass-8")
    assert again["status"] == 422 and again["error"]["code"] == "invalid_code"
    assert _login(client, email, NEW_PASSWORD) == 200

    captured = capfd.readouterr()
    for secret in (code, NEW_PASSWORD, PASSWORD):
        assert secret not in captured.out and secret not in captured.err
        assert secret not in caplog.text


def test_an_unknown_address_gets_the_same_answer_and_no_email(
    client: TestClient, signup_and_login: Callable[..., dict], outbox
) -> None:
    known = signup_and_login()["email"]
    unknown = client.post("/api/auth/forgot", json={"email": "nobody@example.com"})
    assert (unknown.status_code, unknown.content) == (204, b"")
    assert reset_emails(outbox) == []
    r = client.post("/api/auth/forgot", json={"email": known})
    assert (r.status_code, r.content, r.headers.get("content-type")) == (
        unknown.status_code,
        unknown.content,
        unknown.headers.get("content-type"),
    )
    assert len(reset_emails(outbox)) == 1
    # Nor can a code be tried against an address without one.
    r = _reset(client, "nobody@example.com", "123456")
    assert r["status"] == 422 and r["error"]["code"] == "invalid_code"


def test_a_wrong_code_is_refused_and_attempts_run_out(
    client: TestClient, signup_and_login: Callable[..., dict], outbox
) -> None:
    email = signup_and_login()["email"]
    assert client.post("/api/auth/forgot", json={"email": email}).status_code == 204
    code = read_reset_code(outbox, email)
    for _ in range(MAX_CODE_ATTEMPTS):
        r = _reset(client, email, _wrong(code))
        assert r["status"] == 422 and r["error"]["code"] == "invalid_code"
    # Past the limit even the right code waits, and asking for a new one does not reset it.
    assert client.post("/api/auth/forgot", json={"email": email}).status_code == 204
    r = _reset(client, email, read_reset_code(outbox, email))
    assert r["status"] == 429 and r["error"]["details"]["retryAfter"] > 0
    assert _login(client, email, PASSWORD) == 200
    assert _login(client, email, NEW_PASSWORD) == 401


def test_the_attempts_are_counted_on_the_account_across_client_addresses(
    client: TestClient, signup_and_login: Callable[..., dict], outbox, services: Services
) -> None:
    email = signup_and_login()["email"]
    assert client.post("/api/auth/forgot", json={"email": email}).status_code == 204
    code = read_reset_code(outbox, email)
    for _ in range(MAX_CODE_ATTEMPTS):
        # Straight to the provider: the per-account throttle in front of it is not what is
        # checked here, the count stored with the code is.
        with pytest.raises(InvalidInput, match="invalid or expired code"):
            services.identity.reset_password(email, _wrong(code), NEW_PASSWORD)
    with pytest.raises(TooManyRequests, match="too many wrong codes"):
        services.identity.reset_password(email, code, NEW_PASSWORD)


def test_an_expired_code_is_refused(
    client: TestClient, signup_and_login: Callable[..., dict], outbox, services: Services
) -> None:
    email = signup_and_login()["email"]
    assert client.post("/api/auth/forgot", json={"email": email}).status_code == 204
    code = read_reset_code(outbox, email)
    account = services.store.get("AuthAccounts", {"email": email})
    assert account is not None
    # Fifteen minutes from the request.
    lifetime = parse_iso(account["resetCodeExpiresAt"]) - utcnow()
    assert timedelta(minutes=14) < lifetime <= timedelta(minutes=15)
    services.store.put(
        "AuthAccounts", {**account, "resetCodeExpiresAt": iso(utcnow() - timedelta(seconds=1))}
    )
    r = _reset(client, email, code)
    assert r["status"] == 422 and r["error"]["code"] == "invalid_code"
    assert _login(client, email, PASSWORD) == 200


def test_a_weak_new_password_is_refused_without_spending_the_code(
    client: TestClient, signup_and_login: Callable[..., dict], outbox
) -> None:
    email = signup_and_login()["email"]
    assert client.post("/api/auth/forgot", json={"email": email}).status_code == 204
    code = read_reset_code(outbox, email)
    r = _reset(client, email, code, "weakpass")
    assert r["status"] == 422 and r["error"]["code"] == "weak_password"
    assert r["error"]["details"]["field"] == "newPassword"
    assert "an uppercase letter" in r["error"]["details"]["missing"]
    assert _reset(client, email, code)["status"] == 204


def test_asking_for_codes_is_throttled_per_address_asked_about(
    client: TestClient, settings: Settings
) -> None:
    limit = int(settings.auth_rate_limits["forgot_account"].split("/")[0])
    for _ in range(limit):
        assert client.post("/api/auth/forgot", json={"email": "x@example.com"}).status_code == 204
    r = client.post("/api/auth/forgot", json={"email": "X@example.com"})
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
    assert client.post("/api/auth/forgot", json={"email": "y@example.com"}).status_code == 204


def test_change_password_checks_the_current_one_and_signs_out_other_sessions(
    client: TestClient, signup_and_login: Callable[..., dict]
) -> None:
    user = signup_and_login()
    email, headers = user["email"], user["headers"]
    other = client.post("/api/auth/login", json={"email": email, "password": PASSWORD}).json()

    body = {"currentPassword": "Not-The-Pass-1", "newPassword": NEW_PASSWORD}
    r = client.post("/api/auth/password", json=body, headers=headers)
    assert r.status_code == 422 and r.json()["error"]["code"] == "wrong_password"
    assert r.json()["error"]["details"]["field"] == "currentPassword"
    # A wrong current password is not a failed session.
    assert client.get("/api/users/me", headers=headers).status_code == 200

    weak = {"currentPassword": PASSWORD, "newPassword": "short"}
    r = client.post("/api/auth/password", json=weak, headers=headers)
    assert r.status_code == 422 and r.json()["error"]["code"] == "weak_password"
    assert _login(client, email, PASSWORD) == 200

    missing = client.post("/api/auth/password", json={"newPassword": NEW_PASSWORD}, headers=headers)
    assert missing.status_code == 422
    body = {"currentPassword": PASSWORD, "newPassword": NEW_PASSWORD}
    assert client.post("/api/auth/password", json=body).status_code == 401
    r = client.post("/api/auth/password", json=body, headers=headers)
    assert r.status_code == 204, r.text
    assert _login(client, email, PASSWORD) == 401
    assert _login(client, email, NEW_PASSWORD) == 200
    # The other session is over; the one that made the change goes on.
    assert _refresh(client, other) == 401
    assert _refresh(client, user["tokens"]) == 200


def _next_second() -> None:
    # Token issue times are whole seconds: a token from the very second of a change is taken
    # as issued after it, so the sessions that must end are made a second earlier.
    time.sleep(1.05 - time.time() % 1)


def test_other_sessions_lose_access_at_once_not_when_their_tokens_expire(
    client: TestClient, signup_and_login: Callable[..., dict], outbox
) -> None:
    user = signup_and_login()
    email, mine = user["email"], user["headers"]
    other = client.post("/api/auth/login", json={"email": email, "password": PASSWORD}).json()
    theirs = {"Authorization": f"Bearer {other['accessToken']}"}
    assert client.get("/api/users/me", headers=theirs).status_code == 200
    _next_second()

    body = {"currentPassword": PASSWORD, "newPassword": NEW_PASSWORD}
    assert client.post("/api/auth/password", json=body, headers=mine).status_code == 204
    refused = client.get("/api/users/me", headers=theirs)
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "session_ended"
    # The session that made the change goes on, and so does a new sign-in.
    assert client.get("/api/users/me", headers=mine).status_code == 200
    fresh = client.post("/api/auth/login", json={"email": email, "password": NEW_PASSWORD})
    fresh_headers = {"Authorization": f"Bearer {fresh.json()['accessToken']}"}
    assert client.get("/api/users/me", headers=fresh_headers).status_code == 200
    # The profile does not show the bookkeeping.
    assert "sessionsEndedAt" not in client.get("/api/users/me", headers=mine).json()

    # A reset ends every session, the one that asked included; signing in again works at once.
    _next_second()
    client.post("/api/auth/forgot", json={"email": email})
    reset = {"email": email, "code": read_reset_code(outbox, email), "newPassword": "Third-Pass-9"}
    assert client.post("/api/auth/reset", json=reset).status_code == 204
    for headers in (mine, fresh_headers):
        assert client.get("/api/users/me", headers=headers).status_code == 401
    after = client.post("/api/auth/login", json={"email": email, "password": "Third-Pass-9"})
    token = {"Authorization": f"Bearer {after.json()['accessToken']}"}
    assert client.get("/api/users/me", headers=token).status_code == 200


def test_wrong_current_passwords_are_throttled(
    client: TestClient, signup_and_login: Callable[..., dict], settings: Settings
) -> None:
    user = signup_and_login()
    limit = int(settings.auth_rate_limits["change_account"].split("/")[0])
    body = {"currentPassword": "Not-The-Pass-1", "newPassword": NEW_PASSWORD}
    for _ in range(limit):
        r = client.post("/api/auth/password", json=body, headers=user["headers"])
        assert r.status_code == 422
    right = {"currentPassword": PASSWORD, "newPassword": NEW_PASSWORD}
    r = client.post("/api/auth/password", json=right, headers=user["headers"])
    assert r.status_code == 429
    assert _login(client, user["email"], PASSWORD) == 200
