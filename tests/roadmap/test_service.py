"""The roadmap with the LLM: resources and a narrative through the real Bedrock client,
pointed at a fake Converse endpoint; the rules roadmap when the model fails."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core.roadmap.service import generate_roadmap
from integrations.llm.bedrock import BedrockLLM
from tests.fakes.bedrock_server import FakeBedrock, Reply
from tests.support.env import make_settings


@pytest.fixture
def bedrock() -> Iterator[FakeBedrock]:
    fake = FakeBedrock().start()
    yield fake
    fake.stop()


def _llm(tmp_path: Path, fake: FakeBedrock) -> BedrockLLM:
    settings = make_settings(
        tmp_path, "redis://127.0.0.1:1/0", llm_backend="bedrock", bedrock_endpoint_url=fake.url
    )
    return BedrockLLM.from_settings(settings)


def test_llm_adds_resources_and_a_narrative(tmp_path: Path, bedrock: FakeBedrock) -> None:
    plain = generate_roadmap(
        None, None, current_role="Teacher", target_role="Data Analyst", skills=["Excel"]
    ).to_item()
    skill = plain["milestones"][0]["skills"][0]
    bedrock.script(
        Reply(
            tool_input={
                "narrative": "Your teaching gives you a head start in explaining data.",
                "resources": [{"skill": skill, "title": "A practical course", "kind": "course"}],
            }
        )
    )
    r = generate_roadmap(
        None,
        _llm(tmp_path, bedrock),
        current_role="Teacher",
        target_role="Data Analyst",
        skills=["Excel"],
    ).to_item()
    assert r["generatedBy"] == "llm" and r["narrative"].startswith("Your teaching")
    assert r["milestones"][0]["resources"] == [{"title": "A practical course", "kind": "course"}]
    # The model adds to the plan; it does not change it.
    assert [m["skills"] for m in r["milestones"]] == [m["skills"] for m in plain["milestones"]]
    assert "Data Analyst" in bedrock.requests[-1].user_text


def test_llm_failure_keeps_the_rules_roadmap(tmp_path: Path, bedrock: FakeBedrock) -> None:
    bedrock.script(*[Reply(status=400, error_type="ValidationException")] * 3)
    r = generate_roadmap(
        None, _llm(tmp_path, bedrock), current_role=None, target_role="Data Analyst", skills=[]
    ).to_item()
    assert r["generatedBy"] == "rules" and r["narrative"] is None and r["milestones"]
