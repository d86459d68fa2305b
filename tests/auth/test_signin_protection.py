"""Local sign-in resists guessing: throttles per account and per address, verification
attempts that a resend does not reset, and refresh tokens that rotate and detect reuse."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from core.auth.issuer import ACCOUNTS, MAX_CODE_ATTEMPTS
from core.clock import iso, utcnow
from core.errors import DomainError
from core.settings import Settings
from integrations.container import Services, build_services, set_services
from tests.support.accounts import PASSWORD, bearer, read_verification_code, sign_up
from tests.support.env import make_settings

WRONG = "Wrong-Password-1"


@pytest.fixture
def stack(tmp_path: Path, redis_url: str) -> Callable[..., tuple[TestClient, Services]]:
    """An app with its own sign-in limits (small ones, so a test reaches them quickly)."""
    made: list[tuple[TestClient, Services]] = []

    def make(**limits: str) -> tuple[TestClient, Services]:
        settings = make_settings(tmp_path / f"data{len(made)}", redis_url, auth_rate_limits=limits)
        services = build_services(settings)
        services.store.init()
        set_services(services)
        client = TestClient(create_app(services=services))
        client.__enter__()
        made.append((client, services))
        return client, services

    yield make
    for client, _ in made:
        client.__exit__(None, None, None)
    set_services(None)


def _outbox(services: Services) -> Path:
    assert services.settings.dev_outbox_dir is not None
    return services.settings.dev_outbox_dir


def _login(client: TestClient, email: str, password: str, **kw: Any) -> Any:
    return client.post("/api/auth/login", json={"email": email, "password": password}, **kw)


def test_wrong_passwords_lock_the_account_and_then_even_the_right_one_waits(stack) -> None:
    client, services = stack(login_account="5/15minutes")
    email = "ada@example.com"
    tokens = sign_up(client, _outbox(services), email, "Ada")
    client.put("/api/users/me", headers=bearer(tokens), json={"targetRole": "Data Engineer"})

    for _ in range(5):
        r = _login(client, email, WRONG)
        assert r.status_code == 401 and r.json()["error"]["code"] == "invalid_credentials"
    r = _login(client, email, PASSWORD)
    assert r.status_code == 429, r.text
    assert r.json()["error"]["code"] == "rate_limited"
    assert 0 < int(r.headers["Retry-After"]) <= 15 * 60
    assert r.json()["error"]["details"]["retryAfter"] == int(r.headers["Retry-After"])

    # Another account from the same address signs in; the locked user's data is unharmed and
    # their existing session still works.
    other = sign_up(client, _outbox(services), "bob@example.com", "Bob")
    assert other["accessToken"]
    me = client.get("/api/users/me", headers=bearer(tokens))
    assert me.status_code == 200 and me.json()["targetRole"] == "Data Engineer"


def test_password_spraying_from_one_address_is_throttled(stack) -> None:
    client, services = stack(login_address="4/15minutes")
    sign_up(client, _outbox(services), "carol@example.com", "Carol")
    for n in range(4):
        assert _login(client, f"victim{n}@example.com", WRONG).status_code == 401
    # Past the address's limit even a real account with its right password must wait...
    assert _login(client, "carol@example.com", PASSWORD).status_code == 429
    # ...while the same account from another address is not affected.
    elsewhere = TestClient(client.app, client=("198.51.100.9", 5000))
    assert _login(elsewhere, "carol@example.com", PASSWORD).status_code == 200


def test_verification_attempts_count_over_the_code_lifetime(stack) -> None:
    client, services = stack()
    email = "dan@example.com"
    body = {"email": email, "password": PASSWORD, "name": "Dan"}
    assert client.post("/api/auth/signup", json=body).status_code == 201
    code = read_verification_code(_outbox(services), email)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(MAX_CODE_ATTEMPTS):
        r = client.post("/api/auth/verify", json={"email": email, "code": wrong})
        assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_code"
    r = client.post("/api/auth/verify", json={"email": email, "code": code})
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 3600

    # Neither a resent code nor signing up again starts a new count.
    assert client.post("/api/auth/resend", json={"email": email}).status_code == 204
    code = read_verification_code(_outbox(services), email)
    assert client.post("/api/auth/verify", json={"email": email, "code": code}).status_code == 429
    assert client.post("/api/auth/signup", json=body).status_code == 201
    code = read_verification_code(_outbox(services), email)
    assert client.post("/api/auth/verify", json={"email": email, "code": code}).status_code == 429
    account = services.store.get(ACCOUNTS, {"email": email})
    assert account is not None and account["verified"] is False

    # Once the count's window (one code lifetime) has passed, a fresh code can be used.
    services.store.put(
        ACCOUNTS,
        {**account, "codeAttemptsResetAt": iso(utcnow() - timedelta(seconds=1))},
        expected_version=account["version"],
    )
    assert client.post("/api/auth/resend", json={"email": email}).status_code == 204
    code = read_verification_code(_outbox(services), email)
    r = client.post("/api/auth/verify", json={"email": email, "code": code})
    assert r.status_code == 200 and r.json()["verified"] is True


def test_parallel_guesses_are_each_counted(stack) -> None:
    _, services = stack(verify_address="1000/hour")
    issuer = services.issuer
    email = "eve@example.com"
    issuer.signup(email, PASSWORD, "Eve")
    code = read_verification_code(_outbox(services), email)
    wrong = "000000" if code != "000000" else "111111"

    def guess(_: int) -> int:
        try:
            issuer.verify(email, wrong, client="203.0.113.5")
        except DomainError as exc:
            return exc.status_code
        return 200

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(guess, range(24)))
    # Only the allowed number of guesses were compared with the code; the rest were refused
    # (429) or asked to retry (409), never compared.
    assert answers.count(422) == MAX_CODE_ATTEMPTS, answers
    assert set(answers) <= {422, 429, 409}
    account = services.store.get(ACCOUNTS, {"email": email})
    assert account is not None and account["codeAttempts"] == MAX_CODE_ATTEMPTS


def test_sign_ups_and_resends_are_throttled(stack) -> None:
    client, services = stack(signup_address="3/hour", resend_account="2/15minutes")
    for n in range(3):
        body = {"email": f"new{n}@example.com", "password": PASSWORD, "name": "N"}
        assert client.post("/api/auth/signup", json=body).status_code == 201
    body = {"email": "new9@example.com", "password": PASSWORD, "name": "N"}
    r = client.post("/api/auth/signup", json=body)
    assert r.status_code == 429 and "Retry-After" in r.headers
    assert services.store.get(ACCOUNTS, {"email": "new9@example.com"}) is None  # nothing stored

    sent = len(list(_outbox(services).glob("*.eml")))
    for _ in range(2):
        assert (
            client.post("/api/auth/resend", json={"email": "new0@example.com"}).status_code == 204
        )
    assert client.post("/api/auth/resend", json={"email": "new0@example.com"}).status_code == 429
    assert len(list(_outbox(services).glob("*.eml"))) == sent + 2


def test_refresh_tokens_rotate_and_a_reused_one_revokes_the_family(stack) -> None:
    client, services = stack()
    first = sign_up(client, _outbox(services), "fay@example.com", "Fay")
    other_session = _login(client, "fay@example.com", PASSWORD).json()

    r = client.post("/api/auth/refresh", json={"refreshToken": first["refreshToken"]})
    assert r.status_code == 200
    second = r.json()
    assert second["refreshToken"] != first["refreshToken"]
    r = client.post("/api/auth/refresh", json={"refreshToken": second["refreshToken"]})
    assert r.status_code == 200
    third = r.json()

    # The first token comes back: someone holds a copy. Every token of its family is revoked.
    r = client.post("/api/auth/refresh", json={"refreshToken": first["refreshToken"]})
    assert r.status_code == 401 and r.json()["error"]["code"] == "refresh_token_reused"
    r = client.post("/api/auth/refresh", json={"refreshToken": third["refreshToken"]})
    assert r.status_code == 401
    # A session from another sign-in is not part of that family, and the data is unharmed.
    r = client.post("/api/auth/refresh", json={"refreshToken": other_session["refreshToken"]})
    assert r.status_code == 200
    assert client.get("/api/users/me", headers=bearer(r.json())).json()["name"] == "Fay"


def test_a_rotated_token_keeps_the_sign_in_lifetime(stack) -> None:
    client, services = stack()
    tokens = sign_up(client, _outbox(services), "gus@example.com", "Gus")
    records = {r["tokenId"]: r for r in services.store.scan("RefreshTokens")}
    (original,) = records.values()
    rotated = client.post("/api/auth/refresh", json={"refreshToken": tokens["refreshToken"]})
    new_id = rotated.json()["refreshToken"].split(".")[0]
    record = services.store.get("RefreshTokens", {"tokenId": new_id})
    assert record is not None
    assert record["expiresAt"] == original["expiresAt"]
    assert record["familyId"] == original["familyId"]


def test_the_limits_hold_without_redis(tmp_path: Path) -> None:
    """As on AWS Lambda: no Redis, the counters live in the store."""
    settings: Settings = make_settings(
        tmp_path / "data", "", queue_backend="sqs", auth_rate_limits={"login_account": "3/hour"}
    )
    services = build_services(settings)
    services.store.init()
    assert services.redis is None
    set_services(services)
    try:
        with TestClient(create_app(services=services)) as client:
            sign_up(client, _outbox(services), "hal@example.com", "Hal")
            for _ in range(3):
                assert _login(client, "hal@example.com", WRONG).status_code == 401
            assert _login(client, "hal@example.com", PASSWORD).status_code == 429
        counters = list(services.store.scan("RateLimits"))
        assert counters and all("hal@" not in str(c) for c in counters)
    finally:
        set_services(None)


def test_a_code_resent_during_verification_replaces_the_one_being_checked(
    stack, monkeypatch
) -> None:
    _, services = stack()
    issuer = services.issuer
    email = "hal@example.com"
    issuer.signup(email, PASSWORD, "Hal")
    old_code = read_verification_code(_outbox(services), email)
    reserve = issuer._reserve_code_attempt

    def reserve_then_resend(address: str) -> Any:
        counted = reserve(address)
        issuer.resend_code(address)  # lands between the count and the comparison
        return counted

    monkeypatch.setattr(issuer, "_reserve_code_attempt", reserve_then_resend)
    with pytest.raises(DomainError) as refused:
        issuer.verify(email, old_code)
    assert refused.value.status_code == 422
    monkeypatch.undo()

    new_code = read_verification_code(_outbox(services), email)
    assert issuer.verify(email, new_code).verified
    account = services.store.get(ACCOUNTS, {"email": email})
    assert account is not None and account["verified"] is True and account["codeHash"] == ""
