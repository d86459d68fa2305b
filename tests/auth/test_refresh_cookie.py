"""The web app's refresh token lives in an httpOnly cookie that scripts never see: its
attributes, refresh and sign-out through it, and the header that stops cross-site requests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from core.auth.cookie import SESSION_HINT_COOKIE, RefreshCookie
from core.settings import Settings
from integrations.container import Services, build_services, set_services
from tests.support.accounts import PASSWORD, bearer, read_verification_code
from tests.support.env import make_settings

WEB = {"X-Requested-With": "career-agent"}
Stack = Callable[[str], tuple[TestClient, Services]]


@pytest.fixture
def stack(tmp_path: Path, redis_url: str) -> Iterator[Stack]:
    made: list[TestClient] = []

    def make(public_url: str) -> tuple[TestClient, Services]:
        settings = make_settings(tmp_path / f"data{len(made)}", redis_url, public_url=public_url)
        services = build_services(settings)
        services.store.init()
        set_services(services)
        client = TestClient(create_app(services=services), base_url=public_url)
        client.__enter__()
        made.append(client)
        return client, services

    yield make
    for client in made:
        client.__exit__(None, None, None)
    set_services(None)


def _cookies(response: httpx.Response) -> list[dict[str, str]]:
    """Each Set-Cookie header as its attributes (lower-case names), the value under 'value'."""
    parsed = []
    for header in response.headers.get_list("set-cookie"):
        first, *attributes = [part.strip() for part in header.split(";")]
        name, _, value = first.partition("=")
        cookie = {"name": name, "value": value.strip('"')}
        for attribute in attributes:
            key, _, val = attribute.partition("=")
            cookie[key.lower()] = val or "true"
        parsed.append(cookie)
    return parsed


def _sending(token: str) -> dict[str, str]:
    return {**WEB, "Cookie": f"__Secure-refresh={token}"}


def _refresh_and_hint(response: httpx.Response) -> tuple[list[dict[str, str]], dict[str, str]]:
    cookies = _cookies(response)
    hints = [c for c in cookies if c["name"] == SESSION_HINT_COOKIE]
    assert len(hints) == 1, cookies
    return [c for c in cookies if c["name"] != SESSION_HINT_COOKIE], hints[0]


def _signed_up(client: TestClient, services: Services, email: str) -> None:
    r = client.post("/api/auth/signup", json={"email": email, "password": PASSWORD, "name": "Ida"})
    assert r.status_code == 201, r.text
    outbox = services.settings.dev_outbox_dir
    assert outbox is not None
    code = read_verification_code(outbox, email)
    assert client.post("/api/auth/verify", json={"email": email, "code": code}).status_code == 200


def _web_login(client: TestClient, email: str) -> httpx.Response:
    r = client.post("/api/auth/login", json={"email": email, "password": PASSWORD}, headers=WEB)
    assert r.status_code == 200, r.text
    return r


def test_sign_in_sets_a_strict_http_only_secure_cookie_and_no_token_in_json(stack: Stack) -> None:
    client, services = stack("https://app.example.com")
    _signed_up(client, services, "ida@example.com")
    r = _web_login(client, "ida@example.com")

    assert "refreshToken" not in r.json() and "accessToken" in r.json()
    cookies, hint = _refresh_and_hint(r)
    # The page can read that a session exists, and nothing else.
    assert hint["value"] == "1" and hint["path"] == "/" and "httponly" not in hint
    assert hint["secure"] == "true" and hint["samesite"].lower() == "strict"
    assert int(hint["max-age"]) == int(cookies[0]["max-age"])
    assert sorted(c["path"] for c in cookies) == ["/api/auth/logout", "/api/auth/refresh"]
    for cookie in cookies:
        assert cookie["name"] == "__Secure-refresh"
        assert cookie["httponly"] == "true" and cookie["secure"] == "true"
        assert cookie["samesite"].lower() == "strict"
        assert "domain" not in cookie  # this host only
        lifetime = services.settings.refresh_token_ttl_seconds
        assert lifetime - 60 <= int(cookie["max-age"]) <= lifetime
    assert cookies[0]["value"] == cookies[1]["value"]
    assert cookies[0]["value"] not in r.text


def test_refresh_reads_and_rotates_the_cookie(stack: Stack) -> None:
    client, services = stack("https://app.example.com")
    _signed_up(client, services, "jon@example.com")
    first = _cookies(_web_login(client, "jon@example.com"))[0]["value"]

    # The client's cookie jar sends it, as a browser would, on the refresh path only.
    r = client.post("/api/auth/refresh", headers=WEB)
    assert r.status_code == 200, r.text
    assert "refreshToken" not in r.json()
    assert client.get("/api/users/me", headers=bearer(r.json())).json()["name"] == "Ida"
    rotated = _refresh_and_hint(r)[0]
    assert len(rotated) == 2 and all(c["value"] != first for c in rotated)
    assert rotated[0]["value"] not in r.text

    # The spent cookie coming back is reuse, as it is for a refresh token sent in the body.
    client.cookies.clear()
    r = client.post("/api/auth/refresh", headers=_sending(first))
    assert r.status_code == 401 and r.json()["error"]["code"] == "refresh_token_reused"


def test_a_missing_or_forged_cookie_is_refused(stack: Stack) -> None:
    client, services = stack("https://app.example.com")
    _signed_up(client, services, "kim@example.com")
    real = _cookies(_web_login(client, "kim@example.com"))[0]["value"]
    client.cookies.clear()

    r = client.post("/api/auth/refresh", headers=WEB)
    assert r.status_code == 401 and r.json()["error"]["code"] == "invalid_refresh_token"
    token_id = real.partition(".")[0]
    for forged in (f"{token_id}.not-the-secret", "nonsense", "a.b"):
        r = client.post("/api/auth/refresh", headers=_sending(forged))
        assert r.status_code == 401, forged
        assert "set-cookie" not in r.headers
    # The real one still works: a forged secret does not spend it.
    r = client.post("/api/auth/refresh", headers=_sending(real))
    assert r.status_code == 200


def test_the_cookie_alone_is_not_enough_without_the_header(stack: Stack) -> None:
    """A form posted from another site carries no custom header: refused, token unspent."""
    client, services = stack("https://app.example.com")
    _signed_up(client, services, "lea@example.com")
    _web_login(client, "lea@example.com")

    for headers in ({}, {"X-Requested-With": "XMLHttpRequest"}):
        r = client.post("/api/auth/refresh", headers=headers)
        assert r.status_code == 403 and r.json()["error"]["code"] == "csrf_check_failed"
        assert client.post("/api/auth/logout", headers=headers).status_code == 403
    assert client.post("/api/auth/refresh", headers=WEB).status_code == 200


def test_sign_out_clears_the_cookie_and_revokes_the_token(stack: Stack) -> None:
    client, services = stack("https://app.example.com")
    _signed_up(client, services, "max@example.com")
    token = _refresh_and_hint(_web_login(client, "max@example.com"))[0][0]["value"]

    r = client.post("/api/auth/logout", headers=WEB)
    assert r.status_code == 204
    cleared, hint = _refresh_and_hint(r)
    assert hint["max-age"] == "0" and hint["path"] == "/"
    assert sorted(c["path"] for c in cleared) == ["/api/auth/logout", "/api/auth/refresh"]
    for cookie in cleared:
        assert cookie["name"] == "__Secure-refresh" and cookie["max-age"] == "0"
        assert cookie["value"] == ""
    assert not client.cookies

    r = client.post("/api/auth/refresh", headers=_sending(token))
    assert r.status_code == 401 and r.json()["error"]["code"] == "invalid_refresh_token"
    # Signing out again, with no cookie left, is not an error.
    client.cookies.clear()
    assert client.post("/api/auth/logout", headers=WEB).status_code == 204


def test_plain_http_development_drops_only_the_secure_flag(stack: Stack) -> None:
    client, services = stack("http://localhost:8000")
    _signed_up(client, services, "ned@example.com")
    cookies, hint = _refresh_and_hint(_web_login(client, "ned@example.com"))
    assert "secure" not in hint
    for cookie in cookies:
        assert cookie["name"] == "refresh" and "secure" not in cookie
        assert cookie["httponly"] == "true" and cookie["samesite"].lower() == "strict"
    r = client.post("/api/auth/refresh", headers=WEB)
    assert r.status_code == 200 and "refreshToken" not in r.json()


def test_production_cookies_are_always_secure() -> None:
    for public_url in ("http://career-agent.internal", "https://career-agent.example"):
        settings = Settings.model_construct(environment="production", public_url=public_url)
        cookie = RefreshCookie.for_settings(settings)
        assert cookie.secure and cookie.http_only and cookie.same_site == "strict"
        assert cookie.name.startswith("__Secure-")


def test_other_clients_keep_the_token_in_the_body(stack: Stack) -> None:
    client, services = stack("https://app.example.com")
    _signed_up(client, services, "oli@example.com")
    r = client.post("/api/auth/login", json={"email": "oli@example.com", "password": PASSWORD})
    assert "set-cookie" not in r.headers
    tokens = r.json()
    r = client.post("/api/auth/refresh", json={"refreshToken": tokens["refreshToken"]})
    assert r.status_code == 200 and r.json()["refreshToken"] != tokens["refreshToken"]
    assert "set-cookie" not in r.headers
