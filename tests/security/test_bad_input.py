"""Bad input gets a clear 4xx in the error shape and changes nothing stored."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from core.users.repository import USERS
from integrations.container import Services


def _error(r: Any, status: int, code: str | None = None) -> dict:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
    if code:
        assert body["error"]["code"] == code
    return body["error"]


@pytest.fixture
def user(signup_and_login: Callable[..., dict], client: TestClient) -> dict:
    u = signup_and_login()
    profile = {
        "targetRole": "Data Engineer",
        "skills": ["python", "sql"],
        "preferences": {"remote": "yes", "minSalary": 90000, "currency": "EUR"},
        "onboarding": {"step": 2, "completed": False},
    }
    assert client.put("/api/users/me", headers=u["headers"], json=profile).status_code == 200
    u["profile"] = client.get("/api/users/me", headers=u["headers"]).json()
    return u


def _deep(levels: int) -> dict:
    value: dict = {}
    for _ in range(levels):
        value = {"a": value}
    return value


@pytest.mark.parametrize(
    "body",
    [
        {"onboarding": None},
        {"preferences": None},
        {"skills": None},
        {"name": None},
        {"onboarding": _deep(300)},
        {"onboarding": {"step": 1, "extra": {"free": "form"}}},
        {"preferences": {"remote": "yes", "anything": {"else": 1}}},
        {"preferences": {"minSalary": True}},
        {"preferences": {"minSalary": "90000"}},
        {"onboarding": {"step": "2"}},
        {"skills": ["x" * 101]},
        {"skills": ["\ud800"]},
        {"name": "Ada\u0000Lovelace"},
        {"preferences": {"locations": ["Lyon\u0000"]}},
        {"version": 1.5},
    ],
)
def test_bad_profile_values_are_refused_and_the_profile_survives(
    client: TestClient, user: dict, body: dict
) -> None:
    r = client.put(
        "/api/users/me",
        headers={**user["headers"], "Content-Type": "application/json"},
        content=json.dumps(body, ensure_ascii=True),
    )
    _error(r, 422, "invalid_input")
    me = client.get("/api/users/me", headers=user["headers"])
    assert me.status_code == 200 and me.json() == user["profile"]


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_non_finite_numbers_are_refused(client: TestClient, user: dict, number: str) -> None:
    raw = '{"preferences": {"minSalary": NUMBER}}'.replace("NUMBER", number)
    r = client.put(
        "/api/users/me",
        headers={**user["headers"], "Content-Type": "application/json"},
        content=raw,
    )
    _error(r, 422, "invalid_input")
    assert client.get("/api/users/me", headers=user["headers"]).json() == user["profile"]
    r = client.post(
        "/api/tasks/diagnostics",
        headers={**user["headers"], "Content-Type": "application/json"},
        content='{"delaySeconds": NUMBER}'.replace("NUMBER", number),
    )
    _error(r, 422)


def test_a_profile_already_holding_bad_values_still_reads_and_can_be_repaired(
    client: TestClient, user: dict, services: Services
) -> None:
    stored = services.store.get(USERS, {"userId": user["userId"]})
    assert stored is not None
    services.store.put(
        USERS,
        {
            **stored,
            "skills": None,
            "preferences": {"remote": "yes", "minSalary": "lots", "old": _deep(40)},
            "onboarding": None,
        },
    )
    me = client.get("/api/users/me", headers=user["headers"])
    assert me.status_code == 200, me.text
    data = me.json()
    assert data["skills"] == [] and data["onboarding"] == {"step": 0, "completed": False}
    assert data["preferences"]["remote"] == "yes" and data["preferences"]["minSalary"] is None
    assert "old" not in data["preferences"]
    # Sending back what was read repairs it.
    fixed = {"skills": ["python"], "preferences": data["preferences"], "onboarding": {"step": 1}}
    r = client.put("/api/users/me", headers=user["headers"], json=fixed)
    assert r.status_code == 200 and r.json()["skills"] == ["python"]


def test_malformed_json_is_a_documented_400(client: TestClient, user: dict) -> None:
    for raw in ('{"skills": [', "{'single': 'quotes'}", "\x00"):
        r = client.put(
            "/api/users/me",
            headers={**user["headers"], "Content-Type": "application/json"},
            content=raw,
        )
        _error(r, 400, "malformed_json")
    assert client.get("/api/users/me", headers=user["headers"]).json() == user["profile"]
    spec = client.get("/api/openapi.json").json()
    assert "400" in spec["paths"]["/api/users/me"]["put"]["responses"]
    assert "400" in spec["paths"]["/api/auth/login"]["post"]["responses"]


class TestApplications:
    def _create(self, client: TestClient, user: dict) -> dict:
        r = client.post(
            "/api/applications",
            headers=user["headers"],
            json={"company": "Acme", "status": "applied", "appliedAt": "2024-05-01"},
        )
        assert r.status_code == 201, r.text
        return r.json()

    @pytest.mark.parametrize(
        "patch",
        [
            {"status": None},
            {"company": None},
            {"appliedAt": None},
            {"appliedAt": 0},
            {"appliedAt": "0001-01-01T00:00:00+01:00"},
            {"notes": None},
            {"contacts": None},
            {"status": "hired"},
            {"company": "   "},
        ],
    )
    def test_bad_patches_are_refused_and_the_row_is_unchanged(
        self, client: TestClient, user: dict, patch: dict
    ) -> None:
        app = self._create(client, user)
        url = f"/api/applications/{app['applicationId']}"
        _error(client.patch(url, headers=user["headers"], json=patch), 422, "invalid_input")
        assert client.get(url, headers=user["headers"]).json() == app

    def test_the_schema_says_what_patch_accepts(self, client: TestClient) -> None:
        spec = client.get("/api/openapi.json").json()
        props = spec["components"]["schemas"]["ApplicationPatch"]["properties"]
        for field in ("status", "company", "appliedAt", "notes", "contacts"):
            assert "null" not in json.dumps(props[field]), field
        assert "null" in json.dumps(props["title"])  # clearable
        assert "appliedAt" in json.dumps(props)

    def test_clearable_fields_can_be_cleared(self, client: TestClient, user: dict) -> None:
        app = self._create(client, user)
        url = f"/api/applications/{app['applicationId']}"
        r = client.patch(url, headers=user["headers"], json={"title": None, "status": "offer"})
        assert r.status_code == 200 and r.json()["status"] == "offer"

    def test_applied_at_must_be_a_date_string(self, client: TestClient, user: dict) -> None:
        r = client.post(
            "/api/applications", headers=user["headers"], json={"company": "A", "appliedAt": 0}
        )
        _error(r, 422)
        assert client.get("/api/applications", headers=user["headers"]).json()["items"] == []


def test_diagnostics_delay_must_be_a_number(client: TestClient, user: dict, services) -> None:
    for bad in (False, True, "1", None):
        r = client.post(
            "/api/tasks/diagnostics", headers=user["headers"], json={"delaySeconds": bad}
        )
        _error(r, 422)
    assert not list(services.store.scan("TaskRuns"))


class TestBodyLimit:
    def test_a_declared_oversize_body_is_refused_unread(self, client: TestClient) -> None:
        huge = b"x" * (300 * 1024)
        r = client.post(
            "/api/auth/login", content=huge, headers={"Content-Type": "application/json"}
        )
        error = _error(r, 413, "payload_too_large")
        assert error["details"] == {"limit": 256 * 1024}

    def test_a_streamed_body_is_cut_off_at_the_limit(self, client: TestClient, user: dict) -> None:
        # Straight at the ASGI app, as a server hands it a chunked body without a length: the
        # test client would buffer the whole body first.
        pulled = {"bytes": 0}
        sent: list[dict] = []

        async def receive() -> dict:
            pulled["bytes"] += 65536
            return {"type": "http.request", "body": b"a" * 65536, "more_body": True}

        async def send(message: dict) -> None:
            sent.append(message)

        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "PUT",
            "scheme": "http",
            "path": "/api/users/me",
            "raw_path": b"/api/users/me",
            "root_path": "",
            "query_string": b"",
            "headers": [
                (b"host", b"testserver"),
                (b"content-type", b"application/json"),
                (b"authorization", user["headers"]["Authorization"].encode()),
            ],
            "client": ("127.0.0.1", 5000),
            "server": ("testserver", 80),
        }
        asyncio.run(client.app(scope, receive, send))
        assert sent[0]["status"] == 413
        body = json.loads(b"".join(m.get("body", b"") for m in sent[1:]))
        assert body["error"]["code"] == "payload_too_large"
        assert pulled["bytes"] <= 256 * 1024 + 65536  # stopped at the limit, not at 64 MB
        assert client.get("/api/users/me", headers=user["headers"]).json() == user["profile"]

    def test_uploads_keep_their_own_larger_limit(self, client: TestClient, user: dict) -> None:
        text = ("Jane Doe\njane@example.com\nExperience\nEngineer at Acme 2019-2024\n" * 6000)[
            : 1024 * 1024
        ]
        r = client.post(
            "/api/resume",
            headers=user["headers"],
            files={"file": ("cv.txt", text.encode(), "text/plain")},
        )
        assert r.status_code != 413, r.text
        spec = client.get("/api/openapi.json").json()
        assert "413" in spec["paths"]["/api/resume"]["post"]["responses"]


def test_405_names_every_allowed_method(client: TestClient) -> None:
    r = client.put("/api/applications/some-id")
    error = _error(r, 405, "method_not_allowed")
    assert r.headers["Allow"] == "DELETE, GET, PATCH"
    assert "PUT" in error["message"]
    assert client.post("/api/users/me").headers["Allow"] == "DELETE, GET, PUT"
    _error(client.post("/api/no-such-thing"), 404)


def test_405_also_when_the_web_app_is_served(tmp_path, redis_url: str) -> None:
    from api.app import create_app
    from integrations.container import build_services
    from tests.support.env import make_settings

    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "index.html").write_text("<!doctype html><title>Career Agent</title>")
    settings = make_settings(tmp_path / "data", redis_url, frontend_dist_dir=dist)
    with TestClient(create_app(services=build_services(settings))) as client:
        r = client.get("/api/auth/login")  # the web app's catch-all must not answer for the API
        _error(r, 405, "method_not_allowed")
        assert r.headers["Allow"] == "POST"
        _error(client.get("/api/no-such-thing"), 404, "not_found")
        assert "Career Agent" in client.get("/jobs/123").text


def test_a_nul_character_in_an_application_is_refused(client: TestClient, user: dict) -> None:
    r = client.post("/api/applications", headers=user["headers"], json={"company": "X\u0000Y"})
    _error(r, 422, "invalid_input")
    assert client.get("/api/applications", headers=user["headers"]).json()["items"] == []


def _text_query_parameters(client: TestClient) -> list[tuple[str, str]]:
    """Every (GET path, query parameter) that takes free text, from the API's own schema."""
    found = []
    for path, operations in client.app.openapi()["paths"].items():  # type: ignore[attr-defined]
        if "{" in path or "get" not in operations:
            continue
        for p in operations["get"].get("parameters", []):
            schema = p["schema"]
            options = schema.get("anyOf", [schema])
            if p["in"] == "query" and any(
                o.get("type") == "string" and not {"enum", "pattern"} & set(o) for o in options
            ):
                found.append((path, p["name"]))
    return found


def test_a_nul_character_in_query_text_is_refused(client: TestClient, user: dict) -> None:
    # As in a body: the NUL character is refused, not echoed back or searched for.
    params = _text_query_parameters(client)
    assert ("/api/market-intelligence", "role") in params and ("/api/jobs", "q") in params
    for path, name in params:
        r = client.get(path, params={name: "ab\x00"}, headers=user["headers"])
        error = _error(r, 422, "invalid_input")
        assert error["message"].startswith(f"{name}: ")
        assert error["message"].endswith("text must be valid Unicode without NUL characters")
    r = client.get("/api/market-intelligence?role=Data%20Engineer", headers=user["headers"])
    assert r.status_code == 200, r.text
