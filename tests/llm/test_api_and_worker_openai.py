"""LLM_BACKEND=openai through a real Celery worker and the API's configuration, against the
fake /v1/chat/completions on 127.0.0.1 (the API path's match explanation and market narrative
run against both providers in tests/jobs/test_api_llm.py)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from core.settings import Settings
from tests.fakes.llm_providers import Provider, running
from tests.resume import samples
from tests.resume.builders import build_pdf
from tests.support.env import make_settings

REVIEW = {
    "strengths": ["Strong ICU results, e.g. a 40% drop in central line infections"],
    "weaknesses": ["No certifications listed"],
    "suggestions": ["Summary: open with your CCRN certification and ICU years"],
}


@pytest.fixture
def llm_server() -> Iterator[Provider]:
    with running("openai", REVIEW) as provider:
        yield provider


@pytest.fixture
def settings(tmp_path: Path, redis_url: str, llm_server: Provider) -> Settings:
    return make_settings(tmp_path / "data", redis_url, **llm_server.settings(retry_wait=0.05))


def _wait(client: TestClient, url: str, headers: dict, timeout: float = 90) -> dict:
    deadline = time.monotonic() + timeout
    body: dict = {}
    while time.monotonic() < deadline:
        body = client.get(url, headers=headers).json()
        if body.get("status") in ("done", "failed", "succeeded"):
            return body
        time.sleep(0.1)
    raise AssertionError(f"{url} stayed {body.get('status')}")


def test_a_worker_writes_the_resume_review_with_the_model(
    client: TestClient, auth_headers: Callable[..., dict], celery_worker, llm_server: Provider
) -> None:
    headers = auth_headers()
    # A worker retries a failing server: the first attempt gets a 500.
    llm_server.script("server_error")
    r = client.post(
        "/api/resume",
        headers=headers,
        files={"file": ("maria.pdf", build_pdf(samples.NURSE), "application/pdf")},
        data={"targetRole": "ICU Nurse"},
    )
    assert r.status_code == 202, r.text
    body = _wait(client, f"/api/resume/{r.json()['resumeId']}", headers)
    assert body["status"] == "done", (body.get("error"), celery_worker.log_tail())
    analysis = body["analysis"]
    assert (analysis["analyzer"], analysis["analyzerModel"]) == ("openai", "llama3.2")
    assert analysis["fallbackReason"] is None
    assert analysis["strengths"] == REVIEW["strengths"]
    assert len(llm_server.requests) == 2
    assert llm_server.requests[0].headers["authorization"] == "Bearer test-key"


def test_a_worker_writes_the_roadmap_narrative_with_the_model(
    client: TestClient, auth_headers: Callable[..., dict], celery_worker, llm_server: Provider
) -> None:
    headers = auth_headers()
    narrative = "Your teaching gives you a head start in explaining data."
    llm_server.script("answer", answer={"narrative": narrative, "resources": []})
    r = client.post(
        "/api/ai/roadmap",
        json={"currentRole": "Teacher", "targetRole": "Data Analyst", "skills": ["Excel"]},
        headers=headers,
    )
    assert r.status_code == 202, r.text
    task = _wait(client, f"/api/tasks/{r.json()['taskId']}", headers)
    assert task["status"] == "succeeded", (task, celery_worker.log_tail())
    assert task["result"]["generatedBy"] == "llm" and task["result"]["narrative"] == narrative
    [sent] = llm_server.requests
    assert "Data Analyst" in sent.user_text and "Data Analyst" not in sent.system_text


def test_the_web_app_is_told_the_provider_and_model_and_nothing_secret(
    client: TestClient, settings: Settings
) -> None:
    r = client.get("/api/config")
    assert r.status_code == 200
    config = r.json()
    assert (config["llm"], config["llmModel"]) == ("openai", "llama3.2")
    assert settings.openai_api_key not in r.text and "127.0.0.1" not in r.text
