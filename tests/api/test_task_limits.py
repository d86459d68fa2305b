"""Per-person limits on open tasks, per lane: beyond them a clear 429 with Retry-After, and
nothing written; progress details on GET /api/tasks/{id}; a failed analysis can be retried."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from core.clock import iso
from core.resume import service as resume_service
from core.tasks import runs
from integrations.container import Services
from tests.resume import samples
from tests.resume.builders import build_txt
from tests.support.processes import broker_task_ids
from tests.support.runs import stored_run

TXT = "text/plain"


def _upload(client: TestClient, headers: dict, n: int = 0):
    data = build_txt(samples.SOFTWARE_ENGINEER)
    return client.post("/api/resume", headers=headers, files={"file": (f"cv{n}.txt", data, TXT)})


def _counts(services: Services) -> dict[str, int]:
    return {t: sum(1 for _ in services.store.scan(t)) for t in ("TaskRuns", "Resumes")}


def test_background_tasks_beyond_the_limit_are_refused_with_retry_after(
    client: TestClient, services: Services, auth_headers: Callable[..., dict]
) -> None:
    busy, other = auth_headers(), auth_headers()
    limit = services.settings.task_max_open_background_per_user
    for _ in range(limit):
        r = client.post("/api/tasks/diagnostics", json={"delaySeconds": 10}, headers=busy)
        assert r.status_code == 202, r.text
    before = _counts(services)

    r = client.post("/api/tasks/diagnostics", json={"delaySeconds": 10}, headers=busy)

    assert r.status_code == 429
    assert int(r.headers["Retry-After"]) >= 1
    error = r.json()["error"]
    assert error["code"] == "rate_limited"
    assert f"the limit is {limit}" in error["message"] and "try again" in error["message"]
    assert _counts(services) == before  # refused before anything was written
    # The limit is per person and per lane.
    assert client.post("/api/tasks/diagnostics", json={}, headers=other).status_code == 202
    roadmap = {"targetRole": "Data Analyst", "skills": ["SQL"]}
    assert client.post("/api/ai/roadmap", json=roadmap, headers=busy).status_code == 202


def test_a_finished_task_frees_its_slot(
    client: TestClient, services: Services, auth_headers: Callable[..., dict]
) -> None:
    headers = auth_headers()
    ids = []
    for _ in range(services.settings.task_max_open_background_per_user):
        ids.append(client.post("/api/tasks/diagnostics", json={}, headers=headers).json()["taskId"])
    assert client.post("/api/tasks/diagnostics", json={}, headers=headers).status_code == 429
    policy = runs.RunPolicy.from_settings(services.settings)
    runs.execute(services.store, ids[0], lambda run, progress: {}, policy=policy)
    assert client.post("/api/tasks/diagnostics", json={}, headers=headers).status_code == 202


def test_resume_uploads_beyond_the_limit_store_nothing(
    client: TestClient, services: Services, auth_headers: Callable[..., dict]
) -> None:
    headers = auth_headers()
    for n in range(services.settings.task_max_open_interactive_per_user):
        assert _upload(client, headers, n).status_code == 202
    before = _counts(services)
    blobs_before = sorted(p for p in services.settings.blob_dir.rglob("*") if p.is_file())  # type: ignore[union-attr]

    r = _upload(client, headers, 99)

    assert r.status_code == 429 and "Retry-After" in r.headers
    assert "resume analyses" in r.json()["error"]["message"]
    assert _counts(services) == before
    after = sorted(p for p in services.settings.blob_dir.rglob("*") if p.is_file())  # type: ignore[union-attr]
    assert after == blobs_before


def test_diagnostics_delay_is_capped(client: TestClient, auth_headers: Callable[..., dict]) -> None:
    r = client.post("/api/tasks/diagnostics", json={"delaySeconds": 30}, headers=auth_headers())
    assert r.status_code == 422 and r.json()["error"]["details"][0]["field"] == "delaySeconds"


def test_a_stalled_and_resent_task_says_so(
    client: TestClient, services: Services, auth_headers: Callable[..., dict]
) -> None:
    headers = auth_headers()
    task = client.post("/api/tasks/diagnostics", json={}, headers=headers).json()
    assert task["stalled"] is False and task["resends"] == 0 and task["deliveries"] == 0
    run = stored_run(services.store, task["taskId"])
    assert run is not None
    long_ago = iso(datetime.now(UTC) - timedelta(minutes=5))
    services.store.put(
        "TaskRuns",
        {**run, "status": "running", "deliveries": 1, "checkpointAt": long_ago,
         "heartbeatAt": long_ago, "leaseOwner": "gone"},
        expected_version=run["version"],
    )  # fmt: skip
    stalled = client.get(f"/api/tasks/{task['taskId']}", headers=headers).json()
    assert stalled["stalled"] is True and stalled["heartbeatAt"] == long_ago

    from core.tasks import recovery

    recovery.recover(
        services.store, services.queue, runs.RunPolicy.from_settings(services.settings)
    )
    resent = client.get(f"/api/tasks/{task['taskId']}", headers=headers).json()
    assert resent["status"] == "queued" and resent["resends"] == 1 and resent["deliveries"] == 1
    assert resent["stalled"] is False and "stopped responding" in resent["error"]


def test_a_failed_analysis_can_be_tried_again(
    client: TestClient, services: Services, auth_headers: Callable[..., dict]
) -> None:
    headers = auth_headers()
    first = _upload(client, headers).json()
    rid = first["resumeId"]
    # Still in progress: nothing to retry yet.
    assert client.post(f"/api/resume/{rid}/analyze", headers=headers).status_code == 409
    runs.fail_run(services.store, first["taskId"], "gave up after sending it 11 times")
    assert client.get(f"/api/resume/{rid}", headers=headers).json()["status"] == "failed"

    r = client.post(f"/api/resume/{rid}/analyze", headers=headers)

    assert r.status_code == 202, r.text
    again = r.json()
    assert again["status"] == "queued" and again["taskId"] != first["taskId"]
    assert client.get(f"/api/resume/{rid}", headers=headers).json()["status"] == "queued"
    resume_service.run_analysis(
        store=services.store,
        blobs=services.blobs,
        llm=services.llm,
        settings=services.settings,
        resume_id=rid,
        version_number=again["versionNumber"],
        task_id=again["taskId"],
    )
    assert client.get(f"/api/resume/{rid}", headers=headers).json()["status"] == "done"
    r = client.post(f"/api/resume/{rid}/analyze", headers=headers)
    assert r.status_code == 409 and r.json()["error"]["code"] == "already_analysed"
    other = client.post(f"/api/resume/{rid}/analyze", headers=auth_headers())
    assert other.status_code == 404


def test_a_waiting_task_can_be_sent_again_at_once(
    client: TestClient, services: Services, redis_url: str, auth_headers: Callable[..., dict]
) -> None:
    headers = auth_headers()
    task = client.post("/api/tasks/diagnostics", json={}, headers=headers).json()
    assert broker_task_ids(redis_url, "background") == [task["taskId"]]

    r = client.post(f"/api/tasks/{task['taskId']}/resend", headers=headers)

    assert r.status_code == 202, r.text
    assert r.json()["resends"] == 1 and r.json()["error"] == "sent again at your request"
    assert broker_task_ids(redis_url, "background") == [task["taskId"]] * 2
    # Someone else's task is not found; a running or finished one is refused.
    assert (
        client.post(f"/api/tasks/{task['taskId']}/resend", headers=auth_headers()).status_code
        == 404
    )
    run = stored_run(services.store, task["taskId"])
    assert run is not None
    services.store.put(
        "TaskRuns",
        {**run, "status": "running", "leaseOwner": "w", "checkpointAt": iso()},
        expected_version=run["version"],
    )
    busy = client.post(f"/api/tasks/{task['taskId']}/resend", headers=headers)
    assert busy.status_code == 409 and busy.json()["error"]["code"] == "task_running"
    runs.fail_run(services.store, task["taskId"], "x")
    done = client.post(f"/api/tasks/{task['taskId']}/resend", headers=headers)
    assert done.status_code == 409 and done.json()["error"]["code"] == "task_finished"
