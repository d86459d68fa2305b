"""Ingestion and roadmap tasks on a real Celery worker, with the boards on a fake server."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from core.jobs.repository import Job
from core.settings import Settings
from core.tasks import runs
from integrations.container import Services
from tests.fakes.jobboards_server import FakeBoards
from tests.support.env import make_settings
from tests.support.processes import CeleryWorker
from tests.support.runs import stored_run

pytestmark = pytest.mark.slow


@pytest.fixture
def settings(tmp_path: Path, redis_url: str, fake_boards: FakeBoards) -> Settings:
    fake_boards.load_fixture("greenhouse", "acme")
    fake_boards.load_fixture("lever", "foo")
    return make_settings(
        tmp_path / "data",
        redis_url,
        job_boards=["greenhouse:acme", "lever:foo", "ashby:nobody"],
        **fake_boards.base_urls(),
    )


def _wait(services: Services, task_id: str, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    run: dict | None = None
    while time.monotonic() < deadline:
        run = stored_run(services.store, task_id)
        if run and run["status"] in ("succeeded", "failed"):
            return run
        time.sleep(0.1)
    raise AssertionError(f"task {task_id} did not finish: {run}")


def test_ingest_all_runs_each_board_on_its_own(
    services: Services, celery_worker: CeleryWorker
) -> None:
    fan_out = runs.enqueue(
        services.store, services.queue, user_id=None, kind="jobs.ingest_all", params={}
    ).to_item()
    done = _wait(services, fan_out["taskId"])
    assert done["status"] == "succeeded", (done["error"], celery_worker.log_tail())
    started = done["result"]["started"]
    assert [s["board"] for s in started] == ["greenhouse:acme", "lever:foo", "ashby:nobody"]
    by_board = {s["board"]: _wait(services, s["taskId"]) for s in started}
    assert by_board["greenhouse:acme"]["status"] == "succeeded"
    assert by_board["greenhouse:acme"]["result"]["created"] == 3
    assert by_board["lever:foo"]["status"] == "succeeded"
    assert by_board["ashby:nobody"]["status"] == "failed"
    assert "not found" in by_board["ashby:nobody"]["error"]
    sources = {i["source"] for i in services.store.scan(Job.table)}
    assert sources == {"greenhouse", "lever"}


def test_roadmap_task(
    client: TestClient,
    auth_headers: Callable[..., dict],
    services: Services,
    celery_worker: CeleryWorker,
) -> None:
    headers = auth_headers()
    r = client.post(
        "/api/ai/roadmap",
        json={
            "currentRole": "Data Analyst",
            "targetRole": "Data Scientist",
            "skills": ["SQL", "Excel", "Tableau"],
        },
        headers=headers,
    )
    assert r.status_code == 202, r.text
    task_id = r.json()["taskId"]
    _wait(services, task_id)
    task = client.get(f"/api/tasks/{task_id}", headers=headers).json()
    assert task["status"] == "succeeded", (task["error"], celery_worker.log_tail())
    roadmap = task["result"]
    assert roadmap["targetRole"] == "Data Scientist"
    assert roadmap["basis"]["source"] == "demo"  # nothing ingested yet: the demo market
    assert roadmap["milestones"] and roadmap["timeline"]["totalWeeks"] > 0
    assert any(not s["have"] for s in roadmap["requiredSkills"])
