"""Fairness with real workers: one person holding the most slow tasks they may does not delay
another person's resume analysis, which runs in its own lane on its own worker."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from core.clock import parse_iso
from core.settings import Settings
from tests.resume import samples
from tests.resume.builders import build_txt
from tests.support.env import settings_env
from tests.support.processes import CeleryWorker

pytestmark = pytest.mark.slow


@pytest.fixture
def lane_workers(settings: Settings, services, tmp_path: Path) -> Iterator[None]:
    """One worker process per lane, as `career-agent serve` runs them."""
    env = settings_env(settings)
    workers = [
        CeleryWorker(env=env, log_path=tmp_path / f"{lane}.log", queues=f"{lane},control")
        for lane in ("background", "interactive")
    ]
    try:
        for worker in workers:
            worker.start()
        yield
    finally:
        for worker in workers:
            worker.kill()  # not a warm shutdown: it would wait for the slow tasks


def test_a_busy_person_does_not_delay_another_persons_analysis(
    client: TestClient, services, signup_and_login, lane_workers: None
) -> None:
    busy, other = signup_and_login(), signup_and_login()
    slow = []
    for _ in range(services.settings.task_max_open_background_per_user):
        r = client.post(
            "/api/tasks/diagnostics", json={"delaySeconds": 10}, headers=busy["headers"]
        )
        assert r.status_code == 202
        slow.append(r.json()["taskId"])
    refused = client.post(
        "/api/tasks/diagnostics", json={"delaySeconds": 10}, headers=busy["headers"]
    )
    assert refused.status_code == 429 and refused.headers["Retry-After"]

    started = time.time()
    upload = client.post(
        "/api/resume",
        headers=other["headers"],
        files={"file": ("cv.txt", build_txt(samples.SOFTWARE_ENGINEER), "text/plain")},
    )
    assert upload.status_code == 202, upload.text
    resume_id = upload.json()["resumeId"]
    detail: dict = {}
    while time.time() - started < 30:
        detail = client.get(f"/api/resume/{resume_id}", headers=other["headers"]).json()
        if detail["status"] in ("done", "failed"):
            break
        time.sleep(0.2)
    assert detail["status"] == "done", detail
    ready_after = parse_iso(detail["analyzedAt"]).timestamp() - started
    assert ready_after < 20, f"the analysis waited {ready_after:.1f} s"
    # Meanwhile the background lane was still busy with the first person's tasks, all on its
    # one worker process: none ran in the interactive lane.
    statuses = [client.get(f"/api/tasks/{t}", headers=busy["headers"]).json() for t in slow]
    assert sum(s["status"] in ("queued", "running") for s in statuses) >= 3
    assert sum(s["status"] == "running" for s in statuses) <= 1
    assert sum(s["deliveries"] for s in statuses) <= 1
