"""Profiles, isolation between users, data export and erasure, error shape, request ids."""

from __future__ import annotations

from fastapi.testclient import TestClient

from core.storage.schema import TABLES


def test_profile_read_and_update(client: TestClient, signup_and_login) -> None:
    user = signup_and_login(name="Grace Hopper")
    h = user["headers"]
    me = client.get("/api/users/me", headers=h).json()
    assert me["email"] == user["email"] and me["name"] == "Grace Hopper" and me["skills"] == []
    body = {
        "careerStage": "mid",
        "skills": ["Python", "SQL", "Python", " "],
        "targetRole": "Data Engineer",
        "location": "Berlin, Germany",
        "preferences": {"remote": "hybrid", "minSalary": 70000, "currency": "EUR"},
        "version": me["version"],
    }
    r = client.put("/api/users/me", json=body, headers=h)
    assert r.status_code == 200, r.text
    updated = r.json()
    assert updated["skills"] == ["Python", "SQL"]
    assert updated["preferences"]["minSalary"] == 70000
    assert updated["version"] == me["version"] + 1
    # Writing with the old version is refused rather than silently overwriting.
    stale = client.put("/api/users/me", json={"name": "Old", "version": me["version"]}, headers=h)
    assert stale.status_code == 409
    assert client.get("/api/users/me", headers=h).json()["careerStage"] == "mid"


def test_validation_errors_use_the_error_shape(client: TestClient, signup_and_login) -> None:
    h = signup_and_login()["headers"]
    r = client.put("/api/users/me", json={"skills": "not-a-list"}, headers=h)
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["code"] == "invalid_input" and "skills" in err["message"]
    assert isinstance(err["details"], list)
    r = client.put("/api/users/me", json={"email": "other@example.com"}, headers=h)
    assert r.status_code == 422


def test_request_id_on_every_response(client: TestClient) -> None:
    r = client.get("/api/health")
    assert r.status_code == 200 and len(r.headers["x-request-id"]) >= 16
    r = client.get("/api/health", headers={"X-Request-ID": "abc-123"})
    assert r.headers["x-request-id"] == "abc-123"
    r = client.get("/api/nothing-here")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    assert r.headers["x-request-id"]


def test_one_user_cannot_see_another_users_task(client: TestClient, signup_and_login) -> None:
    a, b = signup_and_login(), signup_and_login()
    r = client.post("/api/tasks/diagnostics", json={}, headers=a["headers"])
    assert r.status_code == 202, r.text
    task_id = r.json()["taskId"]
    assert client.get(f"/api/tasks/{task_id}", headers=a["headers"]).status_code == 200
    r = client.get(f"/api/tasks/{task_id}", headers=b["headers"])
    assert r.status_code == 404  # not 403: B must not learn that the task exists
    assert client.get("/api/tasks/does-not-exist", headers=a["headers"]).status_code == 404


def test_export_and_delete_account(client: TestClient, signup_and_login, services) -> None:
    user = signup_and_login()
    other = signup_and_login()
    h = user["headers"]
    client.put("/api/users/me", json={"skills": ["Nursing"]}, headers=h)
    services.blobs.put(f"{user['userId']}/r1/cv.txt", b"my resume", "text/plain")
    services.blobs.put(f"{other['userId']}/r2/cv.txt", b"their resume", "text/plain")
    client.post("/api/tasks/diagnostics", json={}, headers=h)

    r = client.get("/api/users/me/export", headers=h)
    assert r.status_code == 200
    assert "attachment" in r.headers["content-disposition"]
    export = r.json()
    assert export["tables"]["Users"][0]["skills"] == ["Nursing"]
    assert "TaskRuns" in export["tables"]
    assert all(
        "passwordHash" not in i or i["passwordHash"] == "[redacted]"
        for i in export["tables"]["AuthAccounts"]
    )
    assert [f["key"] for f in export["files"]] == [f"{user['userId']}/r1/cv.txt"]
    # The link in the export serves the file.
    link = export["files"][0]["url"]
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).content == b"my resume"

    assert client.delete("/api/users/me", headers=h).status_code == 204
    # Nothing of theirs remains anywhere.
    for table in TABLES.values():
        for item in services.store.scan(table.name):
            assert user["userId"] not in str(item), (table.name, item)
            assert user["email"] not in str(item), (table.name, item)
    assert services.blobs.list_keys(f"{user['userId']}/") == []
    # The other user is untouched.
    assert services.blobs.list_keys(f"{other['userId']}/") != []
    assert client.get("/api/users/me", headers=other["headers"]).status_code == 200
    # The deleted user's token, still unexpired, can neither read nor write: no ownerless rows.
    r = client.get("/api/users/me", headers=h)
    assert r.status_code == 401 and r.json()["error"]["code"] == "account_deleted"
    r = client.post("/api/applications", headers=h, json={"company": "Ghost Corp"})
    assert r.status_code == 401 and r.json()["error"]["code"] == "account_deleted"
    assert not any("Ghost Corp" in str(i) for i in services.store.scan("Applications"))
    # They can sign up again.


def test_a_profile_stored_in_another_shape_still_reads(
    client: TestClient, signup_and_login, services
) -> None:
    user = signup_and_login()
    h = user["headers"]
    me = client.get("/api/users/me", headers=h).json()
    item = services.store.get("Users", {"userId": me["userId"]})
    item.update(
        skills="Python",  # not a list
        preferences={"remote": "sometimes", "minSalary": "lots", "locations": ["Lyon"]},
        onboarding=[1, 2],
        laterField={"kept": True},
    )
    services.store.put("Users", item)
    r = client.get("/api/users/me", headers=h)
    assert r.status_code == 200, r.text
    read = r.json()
    assert read["skills"] == [] and read["onboarding"] == {"step": 0, "completed": False}
    assert read["preferences"]["remote"] is None and read["preferences"]["minSalary"] is None
    assert read["preferences"]["locations"] == ["Lyon"] and "laterField" not in read
    # A change through the API keeps what this version does not know about.
    r = client.put("/api/users/me", json={"name": "New name"}, headers=h)
    assert r.status_code == 200, r.text
    stored = services.store.get("Users", {"userId": me["userId"]})
    assert stored["laterField"] == {"kept": True} and stored["name"] == "New name"
