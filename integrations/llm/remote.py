"""What the adapters for a real model share: a budget of attempts and time per call, and the
retry loop around one attempt. Each adapter says how one attempt goes."""

from __future__ import annotations

from abc import abstractmethod
from typing import Any, ClassVar, Generic, Protocol, Self, TypeVar

from core.llm.port import LLM, CallBudget, StructuredRequest, call_within
from core.settings import Settings


class _Configurable(Protocol):
    @classmethod
    def from_settings(cls, settings: Settings) -> Any: ...


B = TypeVar("B", bound=CallBudget)


class RemoteLLM(LLM, Generic[B]):
    config_type: ClassVar[type[_Configurable]]

    def __init__(self, config: B) -> None:
        self.config = config

    @classmethod
    def from_settings(cls, settings: Settings) -> Self:
        return cls(cls.config_type.from_settings(settings))

    @property
    def available(self) -> bool:
        return True

    def structured(self, request: StructuredRequest) -> dict[str, Any]:
        policy = self.config.policy(request.interactive)
        return call_within(policy, lambda timeout: self._attempt(request, timeout))

    @abstractmethod
    def _attempt(self, request: StructuredRequest, timeout: float) -> dict[str, Any]:
        """One try within `timeout` seconds: the tool input, or TransientLLMError to retry."""
