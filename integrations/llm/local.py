"""The embedded stand-in for an LLM: there is no model, so features keep their deterministic
result."""

from __future__ import annotations

from typing import Any

from core.llm.port import LLM, LLMError, StructuredRequest


class LocalLLM(LLM):
    name = "local"

    @property
    def available(self) -> bool:
        return False

    def structured(self, request: StructuredRequest) -> dict[str, Any]:
        raise LLMError("no language model is configured (LLM_BACKEND=local)")
