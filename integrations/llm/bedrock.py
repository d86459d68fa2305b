"""Amazon Bedrock through the Converse API, with the answer forced into one tool call.

The untrusted document and the facts derived from it travel in the user message between
delimiters that carry a random nonce, after a statement that they are data; the instructions
live in the system prompt only (core/llm/prompt.py). A tool input that does not match the
schema is refused. Background calls retry throttling, 5xx answers and dropped
connections with jittered exponential backoff; interactive calls get one short attempt.
Everything else — including an answer cut short (`stopReason` other than `tool_use`) — becomes
an `LLMError` at once, and the caller falls back.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

import urllib3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, ConnectionError, ReadTimeoutError

from core.llm.port import (
    CallBudget,
    LLMError,
    StructuredRequest,
    TransientLLMError,
)
from core.llm.prompt import checked_answer, data_message
from core.settings import Settings
from integrations.aws import aws_client
from integrations.llm.remote import RemoteLLM

RETRYABLE_CODES = frozenset(
    {
        "ThrottlingException",
        "TooManyRequestsException",
        "ServiceUnavailableException",
        "InternalServerException",
        "ModelNotReadyException",
    }
)

# Claude 4.x models refuse a request that sets both temperature and top-p.
_ONE_SAMPLER_MODELS = re.compile(r"anthropic\.claude-(?:opus|sonnet|haiku)-[4-9]")


@dataclass(frozen=True, kw_only=True)
class BedrockConfig(CallBudget):
    model_id: str
    region: str
    endpoint_url: str | None
    temperature: float
    top_p: float
    max_tokens: int

    @classmethod
    def from_settings(cls, settings: Settings) -> BedrockConfig:
        return settings.section(
            cls, "bedrock_", renamed={**cls.shared_settings, "region": "aws_region"}
        )

    def inference_config(self) -> dict[str, Any]:
        config: dict[str, Any] = {"maxTokens": self.max_tokens, "temperature": self.temperature}
        if not _ONE_SAMPLER_MODELS.search(self.model_id):
            config["topP"] = self.top_p
        return config


class BedrockLLM(RemoteLLM[BedrockConfig]):
    name = "bedrock"
    config_type = BedrockConfig

    def __init__(self, config: BedrockConfig, client: Any = None) -> None:
        super().__init__(config)
        self.model = config.model_id
        # botocore's timeouts belong to a client, so each timeout gets its own (built once).
        self._clients: dict[float, Any] = {}
        self._given = client
        self._lock = threading.Lock()

    def _client(self, timeout: float) -> Any:
        if self._given is not None:
            return self._given
        with self._lock:
            client = self._clients.get(timeout)
            if client is None:
                client = self._clients[timeout] = aws_client(
                    "bedrock-runtime",
                    region=self.config.region,
                    endpoint_url=self.config.endpoint_url,
                    config=Config(
                        retries={"total_max_attempts": 1, "mode": "standard"},  # ours, below
                        connect_timeout=min(3.0, timeout),
                        read_timeout=timeout,
                    ),
                )
            return client

    def _attempt(self, request: StructuredRequest, timeout: float) -> dict[str, Any]:
        response = self._call(self.build_request(request), timeout)
        return checked_answer(self._tool_input(response, request.tool_name), request)

    def build_request(self, request: StructuredRequest) -> dict[str, Any]:
        """The Converse request for `request` (public so that its shape can be inspected)."""
        answer_how = f"Answer only by calling the {request.tool_name} tool."
        text = data_message(request, answer_how)
        return {
            "modelId": self.config.model_id,
            "system": [{"text": request.instructions}],
            "messages": [{"role": "user", "content": [{"text": text}]}],
            "inferenceConfig": self.config.inference_config(),
            "toolConfig": {
                "tools": [
                    {
                        "toolSpec": {
                            "name": request.tool_name,
                            "description": request.tool_description,
                            "inputSchema": {"json": request.json_schema},
                        }
                    }
                ],
                "toolChoice": {"tool": {"name": request.tool_name}},
            },
        }

    def _call(self, body: dict[str, Any], timeout: float) -> dict[str, Any]:
        try:
            response: dict[str, Any] = self._client(timeout).converse(**body)
            return response
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            status = int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) or 0)
            if code in RETRYABLE_CODES or status == 429 or status >= 500:
                raise TransientLLMError(f"Bedrock {code or status}: {_message(exc)}") from exc
            reason = f"Bedrock refused the request ({code or status}): {_message(exc)}"
            raise LLMError(reason) from exc
        except (ConnectionError, ReadTimeoutError) as exc:
            raise TransientLLMError(f"connection to Bedrock failed: {exc}") from exc
        except BotoCoreError as exc:
            # botocore wraps whatever interrupts a request; a task time limit or a shutdown
            # signal must reach the caller as itself, not become "the model failed".
            inner = getattr(exc, "kwargs", {}).get("error")
            if isinstance(inner, BaseException) and not isinstance(
                inner, (OSError, urllib3.exceptions.HTTPError)
            ):
                raise inner from None
            raise LLMError(f"Bedrock client error: {exc}") from exc

    @staticmethod
    def _tool_input(response: dict[str, Any], tool_name: str) -> Any:
        stop = response.get("stopReason", "unknown")
        if stop != "tool_use":
            # max_tokens cuts the tool input short; end_turn means no tool call was made.
            raise LLMError(f"the model did not finish calling {tool_name} (stop reason: {stop})")
        content = response.get("output", {}).get("message", {}).get("content", []) or []
        for block in content:
            tool_use = block.get("toolUse") if isinstance(block, dict) else None
            if tool_use and tool_use.get("name") == tool_name:
                # Some models return the input as JSON text: `checked_answer` reads both.
                return tool_use.get("input")
        raise LLMError(f"the model did not call {tool_name} (stop reason: {stop})")


def _message(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Message", "")).strip()[:300]
