"""The jobs, market and roadmap endpoints through the real app and the embedded store."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from core.jobs.ingest import ingest_postings
from core.jobs.model import RawPosting, job_id
from core.jobs.seed import seed_demo
from integrations.container import Services

BACKEND_PROFILE = {
    "skills": ["Python", "Django", "PostgreSQL", "Docker", "AWS", "REST APIs", "Git"],
    "targetRole": "Backend Engineer",
    "location": "Berlin, Germany",
    "preferences": {"remote": "any"},
}


@pytest.fixture
def seeded(services: Services) -> Services:
    seed_demo(services.store)
    return services


@pytest.fixture
def backend_user(client: TestClient, auth_headers: Callable[..., dict], seeded: Services) -> dict:
    headers = auth_headers()
    r = client.put("/api/users/me", json=BACKEND_PROFILE, headers=headers)
    assert r.status_code == 200, r.text
    return headers


def test_jobs_need_a_signed_in_user(client: TestClient) -> None:
    r = client.get("/api/jobs")
    assert r.status_code == 401
    assert r.json()["error"]["code"]


def test_list_is_ranked_for_the_person(client: TestClient, backend_user: dict) -> None:
    r = client.get("/api/jobs", params={"pageSize": 10}, headers=backend_user)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["total"] >= 300 and body["page"] == 1 and body["pageSize"] == 10
    assert body["sort"] == "score" and body["profileComplete"] is True
    items = body["items"]
    scores = [i["score"] for i in items]
    assert scores == sorted(scores, reverse=True)
    assert "backend" in items[0]["title"].lower()
    first = items[0]
    assert set(first["scoreBreakdown"]) == {
        "skills",
        "title",
        "text",
        "seniority",
        "experience",
        "location",
        "salary",
    }
    assert first["matchedSkills"] and "features" not in first and "dedupKey" not in first
    page2 = client.get("/api/jobs", params={"pageSize": 10, "page": 2}, headers=backend_user)
    ids = {i["jobId"] for i in items} & {i["jobId"] for i in page2.json()["items"]}
    assert not ids


def test_filters_and_date_sort(client: TestClient, backend_user: dict) -> None:
    r = client.get(
        "/api/jobs",
        params={"remote": "yes", "seniority": "senior,lead", "sort": "date"},
        headers=backend_user,
    )
    assert r.status_code == 200
    items = r.json()["items"]
    assert items and all(
        i["remote"] == "yes" and i["seniority"] in ("senior", "lead") for i in items
    )
    dates = [i["postedDate"] for i in items]
    assert dates == sorted(dates, reverse=True)
    r = client.get(
        "/api/jobs", params={"q": "nurse", "location": "United States"}, headers=backend_user
    )
    assert all("nurse" in i["title"].lower() and i["country"] == "US" for i in r.json()["items"])
    r = client.get(
        "/api/jobs", params={"minSalary": 150000, "currency": "USD"}, headers=backend_user
    )
    assert all(i["salary"] for i in r.json()["items"])


def test_bad_queries_are_422_with_a_reason(client: TestClient, backend_user: dict) -> None:
    for params in (
        {"sort": "salary"},
        {"page": 0},
        {"pageSize": 500},
        {"remote": "maybe"},
        {"seniority": "guru"},
        {"currency": "XYZ"},
        {"minSalary": -5},
    ):
        r = client.get("/api/jobs", params=params, headers=backend_user)
        assert r.status_code == 422, (params, r.text)
        assert r.json()["error"]["message"]
    for number in ("NaN", "inf", "-Infinity"):
        r = client.get("/api/jobs", params={"minSalary": number}, headers=backend_user)
        assert r.status_code == 422, r.text
        assert "finite number" in r.json()["error"]["message"], r.text


def test_one_job_with_its_breakdown_and_explanation(client: TestClient, backend_user: dict) -> None:
    top = client.get("/api/jobs", params={"pageSize": 1}, headers=backend_user).json()["items"][0]
    r = client.get(f"/api/jobs/{top['jobId']}", headers=backend_user)
    assert r.status_code == 200
    job = r.json()
    assert job["score"] == top["score"]  # the list and the detail agree
    assert job["description"] and job["reasons"] and job["status"] == "open"
    r = client.get(f"/api/jobs/{top['jobId']}/match", headers=backend_user)
    assert r.status_code == 200
    explanation = r.json()["explanation"]
    assert explanation["generatedBy"] == "rules" and str(top["score"]) in explanation["summary"]
    assert client.get("/api/jobs/job_nope", headers=backend_user).status_code == 404
    assert client.get("/api/jobs/job_nope/match", headers=backend_user).status_code == 404


def test_scores_follow_profile_changes(client: TestClient, backend_user: dict) -> None:
    before = client.get("/api/jobs", params={"pageSize": 3}, headers=backend_user).json()
    r = client.put(
        "/api/users/me",
        json={"targetRole": "Registered Nurse", "skills": [], "location": "Chicago, IL"},
        headers=backend_user,
    )
    assert r.status_code == 200
    after = client.get("/api/jobs", params={"pageSize": 3}, headers=backend_user).json()
    assert "nurse" in after["items"][0]["title"].lower()
    assert before["items"][0]["jobId"] != after["items"][0]["jobId"]


def test_new_jobs_show_up_without_a_restart(
    client: TestClient, backend_user: dict, seeded: Services
) -> None:
    total = client.get("/api/jobs", headers=backend_user).json()["total"]
    ingest_postings(
        seeded.store,
        [
            RawPosting(
                source="import",
                source_id="new-1",
                title="Senior Django Engineer",
                company="Spree",
                location="Berlin, Germany",
                description_text="Requirements:\n- Python\n- Django\n- PostgreSQL",
            )
        ],
    )
    body = client.get("/api/jobs", params={"q": "django spree"}, headers=backend_user).json()
    assert body["items"][0]["jobId"] == job_id("import", "new-1")
    assert client.get("/api/jobs", headers=backend_user).json()["total"] == total + 1


def test_an_empty_profile_gets_newest_jobs_without_scores(
    client: TestClient, auth_headers: Callable[..., dict], seeded: Services
) -> None:
    body = client.get("/api/jobs", headers=auth_headers()).json()
    assert body["sort"] == "date" and body["profileComplete"] is False
    assert all(i["score"] is None for i in body["items"])


def test_market_intelligence(client: TestClient, backend_user: dict) -> None:
    r = client.get(
        "/api/market-intelligence", params={"role": "Backend Engineer"}, headers=backend_user
    )
    assert r.status_code == 200, r.text
    m = r.json()
    assert m["openPostings"] >= 5 and m["demandLevel"] in ("low", "medium", "high", "very high")
    assert len(m["trends"]["weekly"]) == 12
    assert m["topSkills"] and m["topCompanies"]
    assert m["salary"]["sampleSize"] >= 1 and m["averageSalary"] == m["salary"]["average"]
    assert m["salary"]["p25"] <= m["salary"]["median"] <= m["salary"]["p75"]
    small = client.get(
        "/api/market-intelligence", params={"role": "Lighthouse Keeper"}, headers=backend_user
    ).json()
    assert small["openPostings"] == 0 and small["sufficient"] is False and small["notes"]
    assert small["salary"] is None
    r = client.get("/api/market-intelligence", params={"role": "x" * 500}, headers=backend_user)
    assert r.status_code == 422


def test_roadmap_request_is_validated_before_it_is_queued(
    client: TestClient, backend_user: dict
) -> None:
    r = client.post("/api/ai/roadmap", json={"targetRole": ""}, headers=backend_user)
    assert r.status_code == 422
    r = client.post("/api/ai/roadmap", json={"currentRole": "Analyst"}, headers=backend_user)
    assert r.status_code == 422
