"""Security headers, production defaults for the docs and CORS, and what the OpenAPI document
states about authentication and errors."""

from __future__ import annotations

import secrets
from pathlib import Path

from cryptography.fernet import Fernet
from fastapi.testclient import TestClient

from api.app import create_app
from integrations.container import build_services
from tests.support.env import make_settings


def _production_client(tmp_path: Path, **overrides: object) -> TestClient:
    settings = make_settings(
        tmp_path / "data",
        "",
        environment="production",
        auth_backend="cognito",
        cognito_user_pool_id="us-east-1_abc",
        cognito_client_id="client",
        cognito_domain="career-agent-demo",
        secret_key=secrets.token_urlsafe(48),
        token_encryption_key=Fernet.generate_key().decode(),
        public_url="https://app.example.com",
        queue_backend="sqs",
        **overrides,
    )
    return TestClient(create_app(services=build_services(settings)))


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    for r in (client.get("/api/health"), client.get("/api/users/me"), client.get("/api/nope")):
        csp = r.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
        assert "default-src 'self'" in csp and "object-src 'none'" in csp
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert r.headers["Referrer-Policy"] == "no-referrer"
        assert r.headers["X-Frame-Options"] == "DENY"
        # Plain HTTP on a developer's machine: no HSTS, which would pin localhost to HTTPS.
        assert "Strict-Transport-Security" not in r.headers


def test_production_behind_tls(tmp_path: Path) -> None:
    client = _production_client(tmp_path)
    r = client.get("/api/health")
    assert r.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    # The web app may call Cognito's token endpoint, and nothing else off its origin.
    assert (
        "connect-src 'self' https://career-agent-demo.auth.us-east-1.amazoncognito.com"
        in r.headers["Content-Security-Policy"]
    )
    # Docs and the OpenAPI document are off by default.
    assert client.get("/api/docs").status_code == 404
    assert client.get("/api/openapi.json").status_code == 404
    # No localhost origin is allowed by default.
    preflight = client.options(
        "/api/users/me",
        headers={"Origin": "http://localhost:5173", "Access-Control-Request-Method": "GET"},
    )
    assert "access-control-allow-origin" not in preflight.headers


def test_docs_can_be_turned_on_in_production(tmp_path: Path) -> None:
    client = _production_client(tmp_path, api_docs=True)
    assert client.get("/api/openapi.json").status_code == 200
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and "cdn.jsdelivr.net" in docs.headers["Content-Security-Policy"]


def test_the_openapi_document_states_security_and_errors(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    scheme = spec["components"]["securitySchemes"]["bearerAuth"]
    assert scheme == {**scheme, "type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    error_ref = {"$ref": "#/components/schemas/ErrorResponse"}
    body = spec["components"]["schemas"]["ErrorBody"]
    assert set(body["required"]) >= {"code", "message"}
    for path, item in spec["paths"].items():
        for method, op in item.items():
            signed_in = op.get("security") == [{"bearerAuth": []}]
            # Changing a password is the one auth operation that needs the current sign-in.
            public = (
                path.startswith(("/api/auth/", "/api/health", "/api/ready", "/api/config"))
                and path != "/api/auth/password"
            )
            assert (
                signed_in != public
                or path.startswith(("/.well-known", "/api/files"))
                or (path == "/api/gmail/callback")
            ), (method, path)
            statuses = set(op["responses"])
            if signed_in:
                assert {"401", "429"} <= statuses, (method, path)
            if "requestBody" in op:
                assert {"413", "422"} <= statuses, (method, path)
            if "{" in path:
                assert "404" in statuses, (method, path)
            for status, response in op["responses"].items():
                if status.startswith("4"):
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == error_ref, (method, path, status)
    login = spec["paths"]["/api/auth/login"]["post"]["responses"]
    assert {"401", "403", "429"} <= set(login)
