"""The OpenAI-compatible adapter through the real openai SDK against a fake
/v1/chat/completions: the request it sends, and how it finds a way of structured output that
the server accepts (tool calls, then json_schema, then JSON in text)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from core.llm.port import LLMError, StructuredRequest
from core.settings import Settings, SettingsError
from integrations.llm import build_llm
from integrations.llm.openai_compatible import OpenAICompatibleLLM
from tests.fakes.openai_server import FakeOpenAI, Reply

ANSWER = {"isInterview": True, "confidence": 0.8}
SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "isInterview": {"type": "boolean"},
        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
    },
    "required": ["isInterview", "confidence"],
}
REQUEST = StructuredRequest(
    instructions="Decide whether the email invites the recipient to a job interview.",
    untrusted_document="Subject: Interview at Initech\n\nCan you do Tuesday 3pm?",
    tool_name="record_interview_decision",
    tool_description="Record the decision",
    json_schema=SCHEMA,
)


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI(default_answer=ANSWER).start()
    yield server
    server.stop()


def openai_llm(fake: FakeOpenAI, **overrides: Any) -> OpenAICompatibleLLM:
    values: dict[str, Any] = {
        "llm_backend": "openai",
        "openai_base_url": fake.url,
        "openai_api_key": "sk-local",
        "openai_model": "qwen2.5:7b",
        "openai_retry_wait_seconds": 0.01,
        "openai_timeout_seconds": 2,
        **overrides,
    }
    llm = build_llm(Settings(_env_file=None, **values))  # type: ignore[call-arg]
    assert isinstance(llm, OpenAICompatibleLLM)
    return llm


def test_the_first_request_forces_a_tool_call(fake: FakeOpenAI) -> None:
    llm = openai_llm(fake)
    assert llm.structured(REQUEST) == ANSWER
    [sent] = fake.requests
    assert sent.headers["authorization"] == "Bearer sk-local"
    body = sent.body
    assert body["model"] == "qwen2.5:7b" and llm.model == "qwen2.5:7b"
    assert body["max_tokens"] == 2000 and body["temperature"] == 0.2
    assert body["tools"] == [
        {
            "type": "function",
            "function": {
                "name": "record_interview_decision",
                "description": "Record the decision",
                "parameters": SCHEMA,
            },
        }
    ]
    assert body["tool_choice"] == {
        "type": "function",
        "function": {"name": "record_interview_decision"},
    }
    assert "response_format" not in body
    assert [m["role"] for m in body["messages"]] == ["system", "user"]


def test_a_server_without_tools_gets_json_schema_and_it_is_remembered(fake: FakeOpenAI) -> None:
    fake.supports = frozenset({"json_schema", "text"})
    llm = openai_llm(fake)
    assert llm.structured(REQUEST) == ANSWER
    assert [r.mode for r in fake.requests] == ["tools", "json_schema"]
    body = fake.requests[1].body
    assert body["response_format"]["json_schema"]["schema"] == SCHEMA
    assert "tools" not in body and "tool_choice" not in body
    assert llm.structured(REQUEST) == ANSWER
    assert [r.mode for r in fake.requests] == ["tools", "json_schema", "json_schema"]


def test_a_server_with_neither_gets_the_schema_in_the_instructions(fake: FakeOpenAI) -> None:
    fake.supports = frozenset({"text"})
    llm = openai_llm(fake)
    assert llm.structured(REQUEST) == ANSWER  # read out of prose and a code fence
    assert [r.mode for r in fake.requests] == ["tools", "json_schema", "text"]
    sent = fake.requests[-1]
    assert sent.system_text.startswith(REQUEST.instructions)
    assert json.dumps(SCHEMA) in sent.system_text  # ours, so it may sit with the instructions
    assert "Initech" not in sent.system_text and "Initech" in sent.user_text


def test_a_server_that_refuses_every_form_is_an_error(fake: FakeOpenAI) -> None:
    fake.supports = frozenset()
    with pytest.raises(LLMError, match="does not support text"):
        openai_llm(fake).structured(REQUEST)
    assert len(fake.requests) == 3


def test_a_model_that_ignores_tool_choice_may_answer_json_in_text(fake: FakeOpenAI) -> None:
    fake.script(Reply(content='{"isInterview": false, "confidence": 0.9}'))
    answer = openai_llm(fake).structured(REQUEST)
    assert answer == {"isInterview": False, "confidence": 0.9}


@pytest.mark.parametrize(
    "reply",
    [
        Reply(raw_arguments='{"isInterview": true, "confidence": '),
        Reply(raw_arguments='["not", "an", "object"]'),
        Reply(content='```json\n{"isInterview": "maybe", "confidence": 2}\n```'),
        Reply(finish_reason="content_filter"),
    ],
    ids=["broken-json", "not-an-object", "wrong-types-in-text", "filtered"],
)
def test_unusable_answers_are_errors(fake: FakeOpenAI, reply: Reply) -> None:
    fake.script(reply)
    with pytest.raises(LLMError):
        openai_llm(fake).structured(REQUEST)
    assert len(fake.requests) == 1


def test_an_unreachable_server_is_an_error_within_the_deadline() -> None:
    # Nothing listens on port 9 of 127.0.0.1: the connection is refused at once.
    llm = build_llm(
        Settings(
            _env_file=None,  # type: ignore[call-arg]
            llm_backend="openai",
            openai_base_url="http://127.0.0.1:9/v1",
            openai_api_key="x",
            openai_retry_wait_seconds=0.01,
        )
    )
    with pytest.raises(LLMError, match=r"cannot reach http://127\.0\.0\.1:9/v1"):
        llm.structured(REQUEST)


def test_an_empty_temperature_leaves_the_servers_default(fake: FakeOpenAI) -> None:
    openai_llm(fake, openai_temperature="").structured(REQUEST)
    assert "temperature" not in fake.requests[0].body


@pytest.mark.parametrize(
    ("values", "problem"),
    [
        ({"openai_api_key": ""}, "OPENAI_API_KEY must be set"),
        ({"openai_api_key": "x", "openai_model": " "}, "OPENAI_MODEL must name a model"),
        ({"openai_api_key": "x", "openai_base_url": "localhost:11434"}, "OPENAI_BASE_URL"),
        ({"openai_api_key": "x", "openai_timeout_seconds": 0}, "OPENAI_TIMEOUT_SECONDS"),
        (
            {"openai_api_key": "x", "openai_timeout_seconds": 40, "openai_max_attempts": 2},
            r"\(80 s\) must stay below TASK_SOFT_TIME_LIMIT_SECONDS \(60 s\)",
        ),
    ],
)
def test_settings_refuse_an_incomplete_provider(values: dict[str, Any], problem: str) -> None:
    with pytest.raises(SettingsError, match=problem):
        Settings(_env_file=None, llm_backend="openai", **values)  # type: ignore[call-arg]
