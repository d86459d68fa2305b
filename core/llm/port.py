"""The LLM port. Features ask for structured output (a JSON object matching a schema).

Only `instructions` are ours. Everything taken from a person's documents — the document itself
and whatever was derived from it (an analysis, a profile, a score breakdown) — is data: adapters
deliver `untrusted_document` and `context` inside one delimited data block, never as
instructions.

How long a caller waits is part of the request: background work (a task) may retry a throttled
model, while a request a person is waiting on (`interactive`) gets one short attempt and then
the caller's local result. `call_within` runs attempts under such a policy for every adapter.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from tenacity import (
    RetryError,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_random_exponential,
)

T = TypeVar("T")


class LLMError(Exception):
    """The model could not be reached or gave no usable answer (callers fall back)."""


class TransientLLMError(LLMError):
    """Throttled, a server error or a dropped connection: another attempt may succeed."""


@dataclass(frozen=True)
class StructuredRequest:
    instructions: str  # trusted: written by us
    untrusted_document: str  # resume/email/posting text, delivered as data
    tool_name: str
    tool_description: str
    json_schema: dict[str, Any]
    # Facts derived from the person's documents (an analysis, their profile, a breakdown), as
    # JSON: data too, delivered beside the document inside the delimited block.
    context: str = ""
    # A person is waiting on this answer (an API request): one short attempt, then the
    # caller's local result, well inside API Gateway's 29 s.
    interactive: bool = False


@dataclass(frozen=True)
class CallPolicy:
    """How many attempts a call gets, how long each may take, and the first backoff."""

    attempts: int
    timeout_seconds: float
    retry_wait_seconds: float = 1.0


@dataclass(frozen=True, kw_only=True)
class CallBudget:
    """A provider's time and retry settings. Background work gets every attempt; a call a
    person waits on gets one short attempt, so the local answer comes in time."""

    max_attempts: int
    retry_wait_seconds: float
    timeout_seconds: float
    interactive_timeout_seconds: float = 8.0
    # The settings every provider shares, by field (Settings.section).
    shared_settings: ClassVar[Mapping[str, str]] = {
        "interactive_timeout_seconds": "llm_interactive_timeout_seconds"
    }

    def policy(self, interactive: bool) -> CallPolicy:
        if interactive:
            return CallPolicy(attempts=1, timeout_seconds=self.interactive_timeout_seconds)
        return CallPolicy(self.max_attempts, self.timeout_seconds, self.retry_wait_seconds)


def call_within(
    policy: CallPolicy,
    attempt: Callable[[float], T],
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """`attempt(timeout_seconds)` until it returns or raises anything but `TransientLLMError`;
    after the policy's last attempt, an `LLMError` naming the last failure. Backoff between
    attempts is exponential with full jitter."""
    attempts = max(1, policy.attempts)
    retrying = Retrying(
        stop=stop_after_attempt(attempts),
        wait=wait_random_exponential(
            multiplier=policy.retry_wait_seconds, max=policy.retry_wait_seconds * 8
        ),
        retry=retry_if_exception_type(TransientLLMError),
        sleep=sleep,
        reraise=False,
    )
    try:
        return retrying(attempt, policy.timeout_seconds)
    except RetryError as exc:
        last = exc.last_attempt.exception()
        if attempts == 1:
            raise LLMError(str(last)) from last
        raise LLMError(f"the model kept failing after {attempts} attempts: {last}") from last


class LLM(ABC):
    name: str = "llm"  # the provider: "local", "bedrock", "openai"
    model: str = ""  # the model that answers, as the provider names it

    @property
    @abstractmethod
    def available(self) -> bool:
        """False for the local stand-in: features then keep their deterministic result."""

    @abstractmethod
    def structured(self, request: StructuredRequest) -> dict[str, Any]:
        """Ask the model to answer by calling the tool; returns the tool input. Raises LLMError."""
