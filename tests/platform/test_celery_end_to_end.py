"""A real Celery worker on real Redis: the API enqueues, the worker runs, the status shows;
and a worker killed mid-task leads to a redelivery that completes once in effect."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from core.tasks import recovery, runs
from integrations.container import build_services
from tests.support.accounts import bearer, sign_up
from tests.support.env import make_settings, settings_env
from tests.support.processes import CeleryWorker

pytestmark = pytest.mark.slow


def _wait_for(
    client: TestClient, task_id: str, headers: dict, statuses: set[str], timeout: float
) -> dict:
    deadline = time.monotonic() + timeout
    body: dict = {}
    while time.monotonic() < deadline:
        body = client.get(f"/api/tasks/{task_id}", headers=headers).json()
        if body.get("status") in statuses:
            return body
        time.sleep(0.1)
    raise AssertionError(f"task stayed {body.get('status')}: {body}")


def test_api_enqueues_worker_runs_status_visible(
    client: TestClient, signup_and_login, celery_worker, services
) -> None:
    user = signup_and_login()
    r = client.post("/api/tasks/diagnostics", json={"delaySeconds": 0}, headers=user["headers"])
    assert r.status_code == 202
    assert r.json()["status"] == "queued"
    task = _wait_for(client, r.json()["taskId"], user["headers"], {"succeeded", "failed"}, 60)
    assert task["status"] == "succeeded", (task["error"], celery_worker.log_tail())
    assert task["result"]["effectId"] == f"diagnostics:{task['taskId']}"
    assert task["durationMs"] is not None and task["deliveries"] == 1
    effect = services.store.get("TaskEffects", {"effectId": task["result"]["effectId"]})
    assert effect is not None and effect["userId"] == user["userId"]


def test_worker_killed_mid_task_is_sent_again_after_its_lease_and_completes_once(
    tmp_path: Path, redis_url: str, signup_and_login
) -> None:
    # Redis would only hand the dead worker's message out again after the visibility timeout
    # (minutes); the recovery loop sends the run again once its lease (3 s here) has run out.
    settings = make_settings(
        tmp_path / "data",
        redis_url,
        task_soft_time_limit_seconds=6,
        task_time_limit_seconds=8,
        task_lease_seconds=3,
    )
    assert settings.visibility_timeout_seconds > 60
    policy = runs.RunPolicy.from_settings(settings)
    env = settings_env(settings)
    services = build_services(settings)
    services.store.init()
    with TestClient(create_app(services=services)) as client:
        assert settings.dev_outbox_dir is not None
        headers = bearer(sign_up(client, settings.dev_outbox_dir, "killed@example.com"))
        worker = CeleryWorker(env=env, log_path=tmp_path / "worker.log")
        worker.start()
        try:
            r = client.post("/api/tasks/diagnostics", json={"delaySeconds": 3}, headers=headers)
            task_id = r.json()["taskId"]
            _wait_for(client, task_id, headers, {"running"}, 30)
            worker.kill()  # SIGKILL, main process and pool child alike
            assert services.store.get("TaskEffects", {"effectId": f"diagnostics:{task_id}"}) is None
            # Within its lease the run is left alone: its worker might only be slow.
            assert recovery.recover(services.store, services.queue, policy).resent == []
            worker.start()
            deadline = time.monotonic() + 60
            while client.get(f"/api/tasks/{task_id}", headers=headers).json()["resends"] == 0:
                assert time.monotonic() < deadline, "the run was never sent again"
                recovery.recover(services.store, services.queue, policy)  # what beat runs
                time.sleep(0.5)
            task = _wait_for(client, task_id, headers, {"succeeded", "failed"}, 60)
        finally:
            worker.stop()
        assert task["status"] == "succeeded", (task, worker.log_tail())
        assert task["deliveries"] == 2 and task["resends"] == 1
        effects = [e for e in services.store.scan("TaskEffects") if e["taskId"] == task_id]
        assert len(effects) == 1
