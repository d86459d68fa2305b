"""Any server that speaks OpenAI's chat-completions API: Ollama, vLLM, llama.cpp's server,
OpenAI itself; through the official `openai` client.

Structured output, best first: a forced tool call (`tools` + `tool_choice`); where the server
refuses tools (HTTP 400/422), `response_format` with the JSON schema; where it refuses that too,
JSON in the answer's text. The first way a server accepts is remembered for the next calls.
Whatever the way, the answer is checked against the schema (core/llm/prompt.py).

Deadlines: the client's own retries are off; `call_within` owns retries (5xx, 429, timeouts,
dropped connections; background work only) and every request of one attempt shares that
attempt's time. A refusal, a cut-short answer (`finish_reason=length`) or an answer outside the
schema is an `LLMError` at once, and the caller keeps its local result.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from typing import Any, Literal

import openai

from core.llm.port import (
    CallBudget,
    LLMError,
    StructuredRequest,
    TransientLLMError,
)
from core.llm.prompt import checked_answer, data_message, json_in_text, schema_instructions
from core.settings import Settings
from integrations.llm.remote import RemoteLLM

Mode = Literal["tools", "json_schema", "text"]
MODES: tuple[Mode, ...] = ("tools", "json_schema", "text")
# How servers say "I do not support this parameter": vLLM and OpenAI 400, some proxies 422.
_REFUSED = (openai.BadRequestError, openai.UnprocessableEntityError)


@dataclass(frozen=True, kw_only=True)
class OpenAIConfig(CallBudget):
    base_url: str
    api_key: str
    model: str
    temperature: float | None
    max_tokens: int

    @classmethod
    def from_settings(cls, settings: Settings) -> OpenAIConfig:
        return settings.section(cls, "openai_", renamed=cls.shared_settings)


class OpenAICompatibleLLM(RemoteLLM[OpenAIConfig]):
    name = "openai"
    config_type = OpenAIConfig

    def __init__(self, config: OpenAIConfig) -> None:
        super().__init__(config)
        self.model = config.model
        self._client = openai.OpenAI(
            api_key=config.api_key,
            base_url=config.base_url,
            max_retries=0,  # ours: bounded by the call's deadline (call_within)
            timeout=config.timeout_seconds,
        )
        self._first_mode = 0  # index in MODES of the best way the server has accepted
        self._lock = threading.Lock()

    def close(self) -> None:
        self._client.close()

    def build_request(self, request: StructuredRequest, mode: Mode) -> dict[str, Any]:
        """The chat-completions body for `request` answered in `mode` (public for tests)."""
        if mode == "tools":
            system = request.instructions
            answer_how = f"Answer only by calling the {request.tool_name} tool."
        else:
            system = schema_instructions(request)
            answer_how = "Answer only with the JSON object your instructions describe."
        body: dict[str, Any] = {
            "model": self.config.model,
            "messages": [
                {"role": "system", "content": system},
                {"role": "user", "content": data_message(request, answer_how)},
            ],
            "max_tokens": self.config.max_tokens,
        }
        if self.config.temperature is not None:
            body["temperature"] = self.config.temperature
        if mode == "tools":
            body["tools"] = [
                {
                    "type": "function",
                    "function": {
                        "name": request.tool_name,
                        "description": request.tool_description,
                        "parameters": request.json_schema,
                    },
                }
            ]
            body["tool_choice"] = {"type": "function", "function": {"name": request.tool_name}}
        elif mode == "json_schema":
            body["response_format"] = {
                "type": "json_schema",
                "json_schema": {
                    "name": request.tool_name,
                    "description": request.tool_description,
                    "schema": request.json_schema,
                },
            }
        return body

    def _attempt(self, request: StructuredRequest, timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        first = self._first_mode
        for index in range(first, len(MODES)):
            mode = MODES[index]
            left = deadline - time.monotonic()
            if left <= 0.05:
                raise TransientLLMError(f"no time left after the server refused {MODES[first]}")
            try:
                completion = self._create(self.build_request(request, mode), left)
            except _REFUSED as exc:
                if index == len(MODES) - 1:
                    raise LLMError(f"the server refused the request: {_reason(exc)}") from exc
                continue
            if index != first:
                with self._lock:
                    self._first_mode = max(self._first_mode, index)
            return self._answer(completion, request)
        raise AssertionError("unreachable")  # pragma: no cover

    def _create(self, body: dict[str, Any], timeout: float) -> Any:
        try:
            return self._client.chat.completions.create(**body, timeout=timeout)
        except _REFUSED:
            raise
        except openai.APITimeoutError as exc:
            raise TransientLLMError(f"the model did not answer within {timeout:.1f} s") from exc
        except openai.APIConnectionError as exc:
            raise TransientLLMError(f"cannot reach {self.config.base_url}: {exc}") from exc
        except (openai.RateLimitError, openai.InternalServerError) as exc:
            raise TransientLLMError(f"the server is busy or failing: {_reason(exc)}") from exc
        except openai.APIStatusError as exc:
            raise LLMError(f"the server refused the request: {_reason(exc)}") from exc
        except openai.OpenAIError as exc:  # an answer the client cannot read
            raise LLMError(f"unreadable answer from the server: {exc}") from exc

    @staticmethod
    def _answer(completion: Any, request: StructuredRequest) -> dict[str, Any]:
        choices = getattr(completion, "choices", None) or []
        if not choices:
            raise LLMError("the server answered without a choice")
        choice = choices[0]
        if choice.finish_reason not in ("stop", "tool_calls", None):
            # "length": the answer was cut short; "content_filter": it was withheld.
            reason = choice.finish_reason
            raise LLMError(f"the model did not finish its answer (finish_reason: {reason})")
        message = choice.message
        for call in message.tool_calls or []:
            function = getattr(call, "function", None)
            if function is not None and function.name == request.tool_name:
                return checked_answer(function.arguments or "", request)
        if message.tool_calls:
            names = ", ".join(
                str(getattr(getattr(c, "function", None), "name", "?")) for c in message.tool_calls
            )[:120]
            raise LLMError(f"the model called another tool than {request.tool_name}: {names}")
        # A server that took the tools but whose model answered in text (or JSON mode).
        return json_in_text(message.content or "", request)


def _reason(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict):
        detail = body.get("message") or body.get("error") or body
        if isinstance(detail, dict):
            detail = detail.get("message") or detail
        text = detail if isinstance(detail, str) else json.dumps(detail)
    else:
        text = str(exc)
    return f"HTTP {exc.status_code}: {text.strip()[:300]}"
