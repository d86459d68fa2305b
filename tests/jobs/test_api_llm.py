"""The written explanation and the market narrative through each real LLM client (boto3 for
Bedrock, openai for an OpenAI-compatible server), pointed at a fake of its API on 127.0.0.1."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from core.jobs.seed import seed_demo
from core.settings import Settings
from integrations.container import Services
from tests.fakes.llm_providers import PROVIDERS, Provider, running
from tests.support.env import make_settings

EXPLANATION = {
    "summary": "A close fit for your Python backend work.",
    "strengths": ["Python and Django"],
    "gaps": ["No Kubernetes yet"],
    "advice": ["Mention your Docker work"],
}


@pytest.fixture(params=PROVIDERS)
def llm_server(request: pytest.FixtureRequest) -> Iterator[Provider]:
    with running(request.param, EXPLANATION) as provider:
        yield provider


@pytest.fixture
def settings(tmp_path: Path, redis_url: str, llm_server: Provider) -> Settings:
    return make_settings(tmp_path / "data", redis_url, **llm_server.settings(interactive=1.0))


def _user(client: TestClient, auth_headers: Callable[..., dict], services: Services) -> dict:
    seed_demo(services.store)
    headers = auth_headers()
    client.put(
        "/api/users/me",
        json={"skills": ["Python", "Django"], "targetRole": "Backend Engineer"},
        headers=headers,
    )
    return headers


def test_match_explanation_from_the_llm(
    client: TestClient,
    auth_headers: Callable[..., dict],
    services: Services,
    llm_server: Provider,
) -> None:
    headers = _user(client, auth_headers, services)
    top = client.get("/api/jobs", params={"pageSize": 1}, headers=headers).json()["items"][0]
    r = client.get(f"/api/jobs/{top['jobId']}/match", headers=headers)
    assert r.status_code == 200, r.text
    explanation = r.json()["explanation"]
    assert explanation["generatedBy"] == "llm"
    assert explanation["summary"] == "A close fit for your Python backend work."
    assert r.json()["score"] == top["score"]  # the number stays ours
    sent = llm_server.requests[-1]
    # The posting and everything derived from the person's resume and profile are data:
    # inside the delimited block, none of it in the system prompt.
    block = re.search(r"<(document-[0-9a-f]+)>(.*)</\1>", sent.user_text, re.S)
    assert block is not None
    assert top["title"] in block.group(2) and '"scoreBreakdown"' in block.group(2)
    outside = sent.system_text + sent.user_text.replace(block.group(0), "")
    for derived in ("Python", "Django", "Backend Engineer", top["title"], top["company"]):
        assert derived not in outside, derived


@pytest.mark.parametrize(
    "kind",
    ["slow", "throttled", "truncated"],  # slower than the deadline; retried in a task; cut short
)
def test_a_person_waits_for_one_short_attempt_then_gets_the_local_result(
    client: TestClient,
    auth_headers: Callable[..., dict],
    services: Services,
    llm_server: Provider,
    kind: str,
) -> None:
    headers = _user(client, auth_headers, services)
    top = client.get("/api/jobs", params={"pageSize": 1}, headers=headers).json()["items"][0]
    before = len(llm_server.requests)
    llm_server.script(kind, seconds=6.0, answer=EXPLANATION)
    started = time.monotonic()
    r = client.get(f"/api/jobs/{top['jobId']}/match", headers=headers)
    elapsed = time.monotonic() - started
    assert r.status_code == 200, r.text
    assert r.json()["explanation"]["generatedBy"] == "rules"
    assert len(llm_server.requests) - before == 1  # one attempt, no retry
    # The 1 s deadline (and a connect timeout), not the model's 6 s: the margin is for a busy
    # machine, not for a late answer.
    assert elapsed < 4.0

    llm_server.script(kind, seconds=6.0, answer={"narrative": "Hiring is steady."})
    r = client.get("/api/market-intelligence", params={"role": "Backend Engineer"}, headers=headers)
    assert r.status_code == 200 and r.json()["narrative"] is None
    assert len(llm_server.requests) - before == 2


def test_llm_failure_falls_back_to_the_breakdown(
    client: TestClient,
    auth_headers: Callable[..., dict],
    services: Services,
    llm_server: Provider,
) -> None:
    headers = _user(client, auth_headers, services)
    top = client.get("/api/jobs", params={"pageSize": 1}, headers=headers).json()["items"][0]
    llm_server.script("denied")
    r = client.get(f"/api/jobs/{top['jobId']}/match", headers=headers)
    assert r.status_code == 200
    assert r.json()["explanation"]["generatedBy"] == "rules"


def test_market_narrative(
    client: TestClient,
    auth_headers: Callable[..., dict],
    services: Services,
    llm_server: Provider,
) -> None:
    headers = _user(client, auth_headers, services)
    llm_server.script("answer", answer={"narrative": "Backend hiring is steady."})
    r = client.get("/api/market-intelligence", params={"role": "Backend Engineer"}, headers=headers)
    assert r.status_code == 200
    assert r.json()["narrative"] == "Backend hiring is steady."
