"""Both real LLM providers behind one test face: a fake server (Bedrock's Converse or an
OpenAI-compatible /v1/chat/completions), the settings that point an adapter at it, and the
failures tests need, scripted in each fake's own terms."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from tests.fakes import bedrock_server, openai_server

PROVIDERS = ("bedrock", "openai")


@dataclass
class Provider:
    name: str
    _script: Callable[..., Any]  # kind, details -> the fake's Reply
    _fake: Any

    @property
    def requests(self) -> list[Any]:
        """What the fake received; each has `.system_text` and `.user_text`."""
        return list(self._fake.requests)

    def script(self, kind: str, **details: Any) -> None:
        """Queue one answer: "answer" (answer=...), "server_error", "throttled", "denied",
        "slow" (seconds=...), "truncated" (answer=...), "prose" or "other_tool"."""
        self._fake.script(self._script(kind, **details))

    def settings(
        self,
        *,
        timeout: float = 20,
        attempts: int = 2,
        interactive: float = 1.0,
        retry_wait: float = 0.01,
    ) -> dict[str, Any]:
        """Settings values for an adapter of this provider talking to the fake."""
        if self.name == "bedrock":
            return {
                "llm_backend": "bedrock",
                "bedrock_endpoint_url": self._fake.url,
                "bedrock_timeout_seconds": timeout,
                "bedrock_max_attempts": attempts,
                "bedrock_retry_wait_seconds": retry_wait,
                "llm_interactive_timeout_seconds": interactive,
            }
        return {
            "llm_backend": "openai",
            "openai_base_url": self._fake.url,
            "openai_api_key": "test-key",
            "openai_model": "llama3.2",
            "openai_timeout_seconds": timeout,
            "openai_max_attempts": attempts,
            "openai_retry_wait_seconds": retry_wait,
            "llm_interactive_timeout_seconds": interactive,
        }


def _bedrock_reply(kind: str, **d: Any) -> bedrock_server.Reply:
    Reply = bedrock_server.Reply
    return {
        "answer": lambda: Reply(tool_input=d.get("answer")),
        "server_error": lambda: Reply(status=500, error_type="InternalServerException"),
        "throttled": lambda: Reply(status=429, error_type="ThrottlingException"),
        "denied": lambda: Reply(status=403, error_type="AccessDeniedException"),
        "slow": lambda: Reply(delay_seconds=d.get("seconds", 5.0)),
        "truncated": lambda: Reply(tool_input=d.get("answer"), stop_reason="max_tokens"),
        "prose": lambda: Reply(text_only="A strong candidate, I would say."),
        "other_tool": lambda: Reply(tool_name="something_else"),
    }[kind]()


def _openai_reply(kind: str, **d: Any) -> openai_server.Reply:
    Reply = openai_server.Reply
    return {
        "answer": lambda: Reply(answer=d.get("answer")),
        "server_error": lambda: Reply(status=500),
        "throttled": lambda: Reply(status=429),
        "denied": lambda: Reply(status=401, message="Incorrect API key provided"),
        "slow": lambda: Reply(delay_seconds=d.get("seconds", 5.0)),
        "truncated": lambda: Reply(answer=d.get("answer"), finish_reason="length"),
        "prose": lambda: Reply(content="A strong candidate, I would say."),
        "other_tool": lambda: Reply(tool_name="something_else"),
    }[kind]()


@contextmanager
def running(name: str, default_answer: dict[str, Any]) -> Iterator[Provider]:
    """A fake of provider `name` on 127.0.0.1 answering `default_answer` unless scripted."""
    if name == "bedrock":
        fake: Any = bedrock_server.FakeBedrock(default_tool_input=default_answer).start()
        provider = Provider(name, _bedrock_reply, fake)
    else:
        fake = openai_server.FakeOpenAI(default_answer=default_answer).start()
        provider = Provider(name, _openai_reply, fake)
    try:
        yield provider
    finally:
        fake.stop()
