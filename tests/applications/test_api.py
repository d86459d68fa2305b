"""The application tracker over HTTP."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from integrations.container import Services


def test_crud_and_status_history(client: TestClient, auth_headers) -> None:
    h = auth_headers()
    r = client.post(
        "/api/applications",
        json={
            "company": "Globex",
            "title": "Software Engineer",
            "url": "https://globex.example/jobs/1",
            "contacts": [{"name": "Maria Lopez", "email": "maria@globex.example"}],
        },
        headers=h,
    )
    assert r.status_code == 201, r.text
    app = r.json()
    assert app["status"] == "saved" and app["history"][0]["cause"]["type"] == "user"
    app_id = app["applicationId"]

    r = client.patch(
        f"/api/applications/{app_id}", json={"status": "applied", "notes": "sent CV"}, headers=h
    )
    assert r.status_code == 200
    updated = r.json()
    assert updated["status"] == "applied" and updated["notes"] == "sent CV"
    assert [(e["from"], e["to"]) for e in updated["history"]] == [
        (None, "saved"),
        ("saved", "applied"),
    ]
    assert updated["appliedAt"] >= app["appliedAt"]

    assert client.get(f"/api/applications/{app_id}", headers=h).json()["status"] == "applied"
    listed = client.get("/api/applications", headers=h).json()["items"]
    assert [a["applicationId"] for a in listed] == [app_id]
    assert client.get("/api/applications?status=offer", headers=h).json()["items"] == []

    assert client.delete(f"/api/applications/{app_id}", headers=h).status_code == 204
    assert client.get(f"/api/applications/{app_id}", headers=h).status_code == 404


def test_listed_by_applied_date_most_recent_first(client: TestClient, auth_headers) -> None:
    h = auth_headers()
    for company, day in (
        ("Old Co", "2024-01-05"),
        ("New Co", "2024-03-01"),
        ("Mid Co", "2024-02-10"),
    ):
        r = client.post(
            "/api/applications",
            json={"company": company, "status": "applied", "appliedAt": day},
            headers=h,
        )
        assert r.status_code == 201
    listed = client.get("/api/applications", headers=h).json()["items"]
    assert [a["company"] for a in listed] == ["New Co", "Mid Co", "Old Co"]


def test_someone_elses_application_is_not_found(client: TestClient, auth_headers) -> None:
    owner, stranger = auth_headers(), auth_headers()
    app_id = client.post("/api/applications", json={"company": "Initech"}, headers=owner).json()[
        "applicationId"
    ]
    assert client.get(f"/api/applications/{app_id}", headers=stranger).status_code == 404
    assert (
        client.patch(
            f"/api/applications/{app_id}", json={"status": "offer"}, headers=stranger
        ).status_code
        == 404
    )
    assert client.delete(f"/api/applications/{app_id}", headers=stranger).status_code == 404
    assert client.get("/api/applications", headers=stranger).json()["items"] == []


def test_bad_input_is_a_clear_422(client: TestClient, auth_headers) -> None:
    h = auth_headers()
    r = client.post("/api/applications", json={"company": "X", "status": "hired"}, headers=h)
    assert r.status_code == 422 and "status" in r.json()["error"]["message"]
    r = client.post("/api/applications", json={"company": ""}, headers=h)
    assert r.status_code == 422
    assert client.get("/api/applications").status_code == 401


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"company": "x" * 201}, "company: must be at most 200 characters"),
        ({"company": ""}, "company: must not be empty"),
        ({"company": "   "}, "company: must not be blank"),
        ({}, "company: is required"),
        (
            {"company": "X", "contacts": [{"name": "A"}] * 51},
            "contacts: must have at most 50 items",
        ),
    ],
)
def test_a_refused_field_is_named_in_plain_words(
    client: TestClient, auth_headers, body: dict, message: str
) -> None:
    r = client.post("/api/applications", json=body, headers=auth_headers())
    assert r.status_code == 422
    assert r.json()["error"]["message"] == message


def test_saving_a_job_creates_one_saved_application(
    client: TestClient, auth_headers, services: Services
) -> None:
    services.store.put(
        "Jobs",
        {
            "jobId": "job-42",
            "title": "Data Engineer",
            "company": "Hooli",
            "url": "https://hooli.example/jobs/42",
            "source": "greenhouse",
            "sourceId": "42",
            "postedDate": "2024-03-01",
        },
    )
    h = auth_headers()
    first = client.post("/api/jobs/job-42/save", headers=h)
    assert first.status_code == 201
    app = first.json()
    assert (app["jobId"], app["company"], app["title"], app["status"]) == (
        "job-42",
        "Hooli",
        "Data Engineer",
        "saved",
    )
    again = client.post("/api/jobs/job-42/save", headers=h)
    assert again.status_code == 200 and again.json()["applicationId"] == app["applicationId"]
    assert len(client.get("/api/applications", headers=h).json()["items"]) == 1
    assert client.post("/api/jobs/nope/save", headers=h).status_code == 404
