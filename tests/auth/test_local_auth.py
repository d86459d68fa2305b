"""Sign-up, verification, sign-in, refresh, sign-out and every refusal of the verifier."""

from __future__ import annotations

import base64
import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient

from core.settings import Settings
from tests.support.accounts import PASSWORD, read_verification_code


def _b64(obj: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()


def test_signup_verify_login_refresh_logout(client: TestClient, settings: Settings) -> None:
    email = "Ada.Lovelace@Example.com"
    r = client.post("/api/auth/signup", json={"email": email, "password": PASSWORD, "name": "Ada"})
    assert r.status_code == 201, r.text
    assert r.json()["email"] == "ada.lovelace@example.com"
    assert r.json()["verified"] is False

    # Not verified yet: sign-in is refused with a reason.
    r = client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "email_not_verified"

    assert settings.dev_outbox_dir is not None
    code = read_verification_code(settings.dev_outbox_dir, "ada.lovelace@example.com")
    wrong = "000000" if code != "000000" else "111111"
    assert client.post("/api/auth/verify", json={"email": email, "code": wrong}).status_code == 422
    r = client.post("/api/auth/verify", json={"email": email, "code": code})
    assert r.status_code == 200 and r.json()["verified"] is True

    r = client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    assert r.status_code == 200, r.text
    tokens = r.json()
    assert set(tokens) >= {"accessToken", "idToken", "refreshToken", "expiresIn"}

    access = jwt.decode(tokens["accessToken"], options={"verify_signature": False})
    ident = jwt.decode(tokens["idToken"], options={"verify_signature": False})
    assert access["token_use"] == "access" and access["client_id"] == settings.local_client_id
    assert ident["token_use"] == "id" and ident["aud"] == settings.local_client_id
    for claims in (access, ident):
        assert claims["iss"] == settings.local_issuer
        assert claims["email"] == "ada.lovelace@example.com"
        assert claims["exp"] > claims["iat"]
    assert access["sub"] == ident["sub"]

    me = client.get("/api/users/me", headers={"Authorization": f"Bearer {tokens['accessToken']}"})
    assert me.status_code == 200 and me.json()["name"] == "Ada"

    r = client.post("/api/auth/refresh", json={"refreshToken": tokens["refreshToken"]})
    assert r.status_code == 200
    fresh = r.json()["accessToken"]
    assert (
        client.get("/api/users/me", headers={"Authorization": f"Bearer {fresh}"}).status_code == 200
    )

    assert (
        client.post("/api/auth/logout", json={"refreshToken": tokens["refreshToken"]}).status_code
        == 204
    )
    r = client.post("/api/auth/refresh", json={"refreshToken": tokens["refreshToken"]})
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "invalid_refresh_token"


def test_jwks_endpoint_publishes_the_signing_key(client: TestClient, signup_and_login) -> None:
    user = signup_and_login()
    jwks = client.get("/.well-known/jwks.json").json()
    kid = jwt.get_unverified_header(user["tokens"]["accessToken"])["kid"]
    key = next(k for k in jwks["keys"] if k["kid"] == kid)
    claims = jwt.decode(
        user["tokens"]["accessToken"],
        jwt.PyJWK(key).key,
        algorithms=["RS256"],
        options={"verify_aud": False},
    )
    assert claims["sub"] == user["userId"]


@pytest.mark.parametrize(
    ("password", "missing"),
    [
        ("Short1!", "at least 8 characters"),
        ("alllowercase1!", "an uppercase letter"),
        ("ALLUPPERCASE1!", "a lowercase letter"),
        ("NoDigitsHere!", "a digit"),
        ("NoSymbols123", "a symbol"),
    ],
)
def test_password_policy(client: TestClient, password: str, missing: str) -> None:
    r = client.post(
        "/api/auth/signup", json={"email": "p@example.com", "password": password, "name": "P"}
    )
    assert r.status_code == 422
    assert missing in r.json()["error"]["message"]


def test_duplicate_signup_and_wrong_password(client: TestClient, signup_and_login) -> None:
    user = signup_and_login()
    r = client.post(
        "/api/auth/signup", json={"email": user["email"], "password": PASSWORD, "name": "X"}
    )
    assert r.status_code == 409
    r = client.post("/api/auth/login", json={"email": user["email"], "password": "Wrong-pass-1"})
    assert r.status_code == 401
    r2 = client.post(
        "/api/auth/login", json={"email": "nobody@example.com", "password": "Wrong-pass-1"}
    )
    # The same answer whether or not the account exists.
    assert r2.status_code == 401 and r2.json()["error"] == r.json()["error"]


class TestVerifierRefusals:
    """Every kind of bad token gets a 401 with a reason, never a 500."""

    def _assert_refused(self, client: TestClient, token: str, code: str = "invalid_token") -> None:
        r = client.get("/api/users/me", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 401, r.text
        assert r.json()["error"]["code"] == code

    def test_missing_and_malformed(self, client: TestClient) -> None:
        r = client.get("/api/users/me")
        assert r.status_code == 401 and r.json()["error"]["code"] == "missing_token"
        self._assert_refused(client, "not-a-jwt")

    def test_alg_none(self, client: TestClient, signup_and_login) -> None:
        user = signup_and_login()
        claims = jwt.decode(user["tokens"]["accessToken"], options={"verify_signature": False})
        token = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}."
        self._assert_refused(client, token)

    def test_hs256_signed_with_the_public_key(self, client: TestClient, signup_and_login) -> None:
        user = signup_and_login()
        claims = jwt.decode(user["tokens"]["accessToken"], options={"verify_signature": False})
        kid = jwt.get_unverified_header(user["tokens"]["accessToken"])["kid"]
        # The classic confusion attack: HMAC keyed with material the attacker can read.
        token = jwt.encode(claims, "x" * 64, algorithm="HS256", headers={"kid": kid})
        self._assert_refused(client, token)

    def test_expired(self, client: TestClient, signup_and_login, services) -> None:
        user = signup_and_login()
        claims = jwt.decode(user["tokens"]["accessToken"], options={"verify_signature": False})
        claims.update(iat=int(time.time()) - 7200, exp=int(time.time()) - 3600)
        key = services.issuer.key
        token = jwt.encode(claims, key.private_pem, algorithm="RS256", headers={"kid": key.kid})
        self._assert_refused(client, token, "token_expired")

    def test_a_few_seconds_of_clock_skew_are_forgiven(
        self, client: TestClient, signup_and_login, services
    ) -> None:
        user = signup_and_login()
        claims = jwt.decode(user["tokens"]["accessToken"], options={"verify_signature": False})
        key = services.issuer.key
        now = int(time.time())

        def token(**times: int) -> str:
            return jwt.encode(
                {**claims, **times}, key.private_pem, algorithm="RS256", headers={"kid": key.kid}
            )

        headers = {"Authorization": f"Bearer {token(iat=now - 3600, exp=now - 10)}"}
        assert client.get("/api/users/me", headers=headers).status_code == 200
        # Issued "in the future" by a server whose clock runs a little ahead.
        headers = {"Authorization": f"Bearer {token(iat=now + 10, exp=now + 3600)}"}
        assert client.get("/api/users/me", headers=headers).status_code == 200
        self._assert_refused(client, token(iat=now - 3600, exp=now - 90), "token_expired")

    def test_wrong_issuer_and_wrong_client(
        self, client: TestClient, signup_and_login, services
    ) -> None:
        user = signup_and_login()
        key = services.issuer.key
        base = jwt.decode(user["tokens"]["accessToken"], options={"verify_signature": False})
        for change in ({"iss": "https://evil.example.com"}, {"client_id": "someone-else"}):
            token = jwt.encode(
                {**base, **change}, key.private_pem, algorithm="RS256", headers={"kid": key.kid}
            )
            self._assert_refused(client, token)

    def test_id_token_is_not_an_access_token(self, client: TestClient, signup_and_login) -> None:
        user = signup_and_login()
        self._assert_refused(client, user["tokens"]["idToken"])

    def test_tampered_payload(self, client: TestClient, signup_and_login) -> None:
        user = signup_and_login()
        header, payload, sig = user["tokens"]["accessToken"].split(".")
        claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
        claims["sub"] = "someone-else"
        self._assert_refused(client, f"{header}.{_b64(claims)}.{sig}")

    def test_signed_by_an_unknown_key(self, client: TestClient, signup_and_login) -> None:
        user = signup_and_login()
        claims = jwt.decode(user["tokens"]["accessToken"], options={"verify_signature": False})
        other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        for kid in ("unknown-kid", jwt.get_unverified_header(user["tokens"]["accessToken"])["kid"]):
            token = jwt.encode(claims, other, algorithm="RS256", headers={"kid": kid})
            self._assert_refused(client, token)
