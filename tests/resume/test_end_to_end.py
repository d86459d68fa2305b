"""Upload through the API, a real Celery worker analyses with Bedrock (a fake Converse server on
127.0.0.1), the result shows; a run that outlives its time limit ends failed with a reason."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from core.settings import Settings
from tests.fakes.bedrock_server import FakeBedrock, Reply
from tests.resume import samples
from tests.resume.builders import build_pdf
from tests.support.env import make_settings

pytestmark = pytest.mark.slow

REVIEW = {
    "strengths": ["Strong ICU results, e.g. a 40% drop in central line infections"],
    "weaknesses": ["The Med-Surg role reads as a list of duties"],
    "suggestions": ["Experience, Boston Medical Center, bullet 1: add your patient ratio"],
}


@pytest.fixture
def fake_bedrock() -> Iterator[FakeBedrock]:
    server = FakeBedrock(default_tool_input=REVIEW).start()
    yield server
    server.stop()


@pytest.fixture
def settings(tmp_path: Path, redis_url: str, fake_bedrock: FakeBedrock) -> Settings:
    return make_settings(
        tmp_path / "data",
        redis_url,
        llm_backend="bedrock",
        bedrock_endpoint_url=fake_bedrock.url,
        bedrock_timeout_seconds=60,
        bedrock_retry_wait_seconds=0.05,
        task_soft_time_limit_seconds=4,
        task_time_limit_seconds=6,
    )


def wait_for(client: TestClient, rid: str, headers: dict, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    body: dict = {}
    while time.monotonic() < deadline:
        body = client.get(f"/api/resume/{rid}", headers=headers).json()
        if body.get("status") in ("done", "failed"):
            return body
        time.sleep(0.1)
    raise AssertionError(f"resume stayed {body.get('status')}")


def test_upload_to_analysis_with_a_worker(
    client: TestClient,
    auth_headers: Callable[..., dict],
    celery_worker,
    fake_bedrock: FakeBedrock,
) -> None:
    headers = auth_headers()
    fake_bedrock.script(Reply(status=429, error_type="ThrottlingException", message="slow down"))
    r = client.post(
        "/api/resume",
        headers=headers,
        files={"file": ("maria.pdf", build_pdf(samples.NURSE), "application/pdf")},
        data={"targetRole": "ICU Nurse"},
    )
    assert r.status_code == 202, r.text
    body = wait_for(client, r.json()["resumeId"], headers)
    assert body["status"] == "done", (body, celery_worker.log_tail())
    analysis = body["analysis"]
    assert analysis["analyzer"] == "bedrock"
    assert analysis["strengths"] == REVIEW["strengths"]
    assert analysis["experience"][0]["company"] == "Massachusetts General Hospital"
    assert len(fake_bedrock.requests) == 2  # throttled once, then answered
    task = client.get(f"/api/tasks/{body['taskId']}", headers=headers).json()
    assert task["status"] == "succeeded" and task["result"]["atsScore"] == analysis["atsScore"]


def test_a_run_past_its_time_limit_is_marked_failed(
    client: TestClient,
    auth_headers: Callable[..., dict],
    celery_worker,
    fake_bedrock: FakeBedrock,
) -> None:
    headers = auth_headers()
    fake_bedrock.script(Reply(delay_seconds=30, tool_input=REVIEW))
    r = client.post(
        "/api/resume",
        headers=headers,
        files={"file": ("maria.pdf", build_pdf(samples.NURSE), "application/pdf")},
    )
    assert r.status_code == 202, r.text
    started = time.monotonic()
    body = wait_for(client, r.json()["resumeId"], headers, timeout=30)
    assert body["status"] == "failed", (body, celery_worker.log_tail())
    assert "limit" in body["error"]
    assert time.monotonic() - started < 15
    task = client.get(f"/api/tasks/{body['taskId']}", headers=headers).json()
    assert task["status"] == "failed" and "limit" in task["error"]
