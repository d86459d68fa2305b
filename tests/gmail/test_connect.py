"""Connecting Gmail: the OAuth round trip through google-auth-oauthlib and a fake Google."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from fastapi.testclient import TestClient

from core.clock import iso
from core.settings import Settings
from integrations.container import Services
from tests.fakes.gmail_server import SCOPE, FakeGoogle
from tests.gmail.conftest import MAILBOX, connect_through_api
from tests.support.env import make_settings


def _consent(client: TestClient, fake: FakeGoogle, headers: dict) -> str:
    fake.add_account(MAILBOX)
    url = client.get("/api/gmail/connect", headers=headers).json()["authorizationUrl"]
    consent = httpx.get(url, follow_redirects=False)
    return urlparse(consent.headers["location"]).query


def test_connect_url_asks_for_offline_read_only_access_with_pkce(
    client: TestClient, fake_google: FakeGoogle, auth_headers, settings: Settings
) -> None:
    r = client.get("/api/gmail/connect", headers=auth_headers())
    assert r.status_code == 200
    url = urlparse(r.json()["authorizationUrl"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == settings.google_auth_uri
    q = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert q["scope"] == SCOPE  # the narrowest scope, alone
    assert q["access_type"] == "offline"
    assert q["prompt"] == "consent"
    assert q["code_challenge_method"] == "S256" and len(q["code_challenge"]) >= 43
    assert q["redirect_uri"] == settings.google_redirect_uri
    assert q["client_id"] == settings.google_client_id
    assert len(q["state"]) >= 32


def test_full_connect_flow_stores_account_and_enqueues_first_scan(
    client: TestClient, fake_google: FakeGoogle, signup_and_login, services: Services
) -> None:
    user = signup_and_login()
    status = connect_through_api(client, fake_google, user["headers"])
    assert status["connected"] is True
    assert status["email"] == MAILBOX
    # The code was exchanged with the PKCE verifier, and the state row is gone (single use).
    exchange = [t for t in fake_google.token_requests if t["grant_type"] == "authorization_code"]
    assert len(exchange) == 1 and len(exchange[0]["code_verifier"]) >= 43
    assert list(services.store.scan("OAuthStates")) == []
    runs = services.store.query("TaskRuns", user["userId"], index="UserIdIndex")
    assert [(r["kind"], r["params"]) for r in runs] == [("gmail.scan", {"userId": user["userId"]})]
    r = client.get("/api/gmail/status", headers=user["headers"])
    assert r.status_code == 200
    assert r.json()["connected"] is True and r.json()["email"] == MAILBOX
    account = services.store.get("GmailAccounts", {"userId": user["userId"]})
    assert account is not None and account["userId"] == user["userId"]


def test_reused_state_is_refused(client: TestClient, fake_google: FakeGoogle, auth_headers) -> None:
    query = _consent(client, fake_google, auth_headers())
    assert client.get(f"/api/gmail/callback?{query}").status_code == 200
    again = client.get(f"/api/gmail/callback?{query}")
    assert again.status_code == 422
    assert again.json()["error"]["code"] == "invalid_state"
    assert "already used" in again.json()["error"]["message"]


def test_wrong_state_is_refused_and_creates_nothing(
    client: TestClient, fake_google: FakeGoogle, auth_headers, services: Services
) -> None:
    query = parse_qs(_consent(client, fake_google, auth_headers()))
    r = client.get(
        "/api/gmail/callback", params={"code": query["code"][0], "state": "forged-state-value"}
    )
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "invalid_state"
    assert list(services.store.scan("GmailAccounts")) == []
    assert not any(t["grant_type"] == "authorization_code" for t in fake_google.token_requests)


def test_expired_state_is_refused(
    client: TestClient, fake_google: FakeGoogle, auth_headers, services: Services
) -> None:
    query = parse_qs(_consent(client, fake_google, auth_headers()))
    state = query["state"][0]
    row = services.store.get("OAuthStates", {"state": state})
    assert row is not None
    # Eleven minutes pass.
    services.store.put("OAuthStates", {**row, "expiresAt": iso()[:4] + "-01-01T00:00:00.000Z"})
    r = client.get("/api/gmail/callback", params={"code": query["code"][0], "state": state})
    assert r.status_code == 422
    assert "expired" in r.json()["error"]["message"]
    assert list(services.store.scan("GmailAccounts")) == []


def test_state_is_bound_to_the_user_who_started(
    client: TestClient, fake_google: FakeGoogle, signup_and_login, services: Services
) -> None:
    alice, bob = signup_and_login(), signup_and_login()
    query = _consent(client, fake_google, alice["headers"])
    # Bob's browser replays Alice's callback: the account still goes to Alice, never to Bob.
    r = client.get(f"/api/gmail/callback?{query}", headers=bob["headers"])
    assert r.status_code == 200
    assert services.store.get("GmailAccounts", {"userId": alice["userId"]}) is not None
    assert services.store.get("GmailAccounts", {"userId": bob["userId"]}) is None


def test_denied_consent_is_a_clear_error(
    client: TestClient, fake_google: FakeGoogle, auth_headers
) -> None:
    fake_google.consent_denied = True
    query = _consent(client, fake_google, auth_headers())
    r = client.get(f"/api/gmail/callback?{query}")
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "access_denied"


def test_browser_callback_redirects_back_to_the_app(
    client: TestClient, fake_google: FakeGoogle, auth_headers, settings: Settings
) -> None:
    html = {"Accept": "text/html,application/xhtml+xml"}
    headers = auth_headers()
    query = _consent(client, fake_google, headers)
    ok = client.get(f"/api/gmail/callback?{query}", headers=html, follow_redirects=False)
    assert ok.status_code == 303
    back = urlparse(ok.headers["location"])
    assert f"{back.scheme}://{back.netloc}{back.path}" == f"{settings.public_url}/gmail"
    # The first scan's task comes along, so the page can follow it from the start.
    sent = parse_qs(back.query)
    assert sent["connected"] == ["1"]
    r = client.get(f"/api/tasks/{sent['scan'][0]}", headers=headers)
    assert r.status_code == 200 and r.json()["kind"] == "gmail.scan"
    again = client.get(f"/api/gmail/callback?{query}", headers=html, follow_redirects=False)
    assert again.status_code == 303
    assert again.headers["location"].startswith(f"{settings.public_url}/gmail?error=")
    # A sentence with the next step, not an error code.
    message = parse_qs(urlparse(again.headers["location"]).query)["error"][0]
    assert message.endswith("Press Connect Gmail to start again.") and "state" not in message


def test_scope_unticked_on_consent_page_is_refused_and_revoked(
    client: TestClient, fake_google: FakeGoogle, auth_headers, services: Services
) -> None:
    fake_google.consent_scope = "openid"
    query = _consent(client, fake_google, auth_headers())
    r = client.get(f"/api/gmail/callback?{query}")
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "scope_not_granted"
    assert list(services.store.scan("GmailAccounts")) == []
    assert len(fake_google.revoked_refresh_tokens) == 1


def test_disconnect_revokes_at_google_and_forgets_the_token(
    client: TestClient, fake_google: FakeGoogle, connect, services: Services
) -> None:
    user = connect()
    token = next(iter(fake_google.refresh_tokens))
    r = client.delete("/api/gmail", headers=user["headers"])
    assert r.status_code == 200
    assert r.json() == {"disconnected": True, "revokedAtGoogle": True}
    assert token in fake_google.revoked_refresh_tokens
    assert services.store.get("GmailAccounts", {"userId": user["userId"]}) is None
    status = client.get("/api/gmail/status", headers=user["headers"]).json()
    assert status["connected"] is False and status["status"] == "not_connected"
    assert client.post("/api/gmail/scan", headers=user["headers"]).status_code == 404


def test_scan_now_enqueues_a_run(client: TestClient, connect, services: Services) -> None:
    user = connect()
    r = client.post("/api/gmail/scan", headers=user["headers"])
    assert r.status_code == 202
    assert r.json()["kind"] == "gmail.scan" and r.json()["status"] == "queued"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/gmail/connect"),
        ("GET", "/api/gmail/status"),
        ("POST", "/api/gmail/scan"),
        ("DELETE", "/api/gmail"),
        ("GET", "/api/gmail/callback?state=x&code=y"),
    ],
)
def test_without_a_google_client_gmail_is_not_configured(
    tmp_path, redis_url: str, method: str, path: str
) -> None:
    from api.app import create_app
    from integrations.container import build_services

    settings = make_settings(tmp_path / "bare", redis_url)
    services = build_services(settings)
    services.store.init()
    with TestClient(create_app(services=services)) as bare:
        headers = {}
        if "callback" not in path:
            from tests.support.accounts import PASSWORD, read_verification_code

            email = "bare@example.com"
            bare.post("/api/auth/signup", json={"email": email, "password": PASSWORD, "name": "B"})
            assert settings.dev_outbox_dir is not None
            code = read_verification_code(settings.dev_outbox_dir, email)
            bare.post("/api/auth/verify", json={"email": email, "code": code})
            tokens = bare.post(
                "/api/auth/login", json={"email": email, "password": PASSWORD}
            ).json()
            headers = {"Authorization": f"Bearer {tokens['accessToken']}"}
        r = bare.request(method, path, headers=headers)
    assert r.status_code == 503
    assert r.json()["error"]["message"].startswith("Gmail is not configured")
