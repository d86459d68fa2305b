"""LLM adapters: the local stand-in (no model), Amazon Bedrock, and any OpenAI-compatible
server (Ollama, vLLM, llama.cpp, OpenAI)."""

from __future__ import annotations

from core.llm.port import LLM
from core.settings import Settings


def build_llm(settings: Settings) -> LLM:
    """The LLM chosen by `LLM_BACKEND`; the local stand-in by default."""
    if settings.llm_backend == "bedrock":
        from integrations.llm.bedrock import BedrockLLM

        return BedrockLLM.from_settings(settings)
    if settings.llm_backend == "openai":
        from integrations.llm.openai_compatible import OpenAICompatibleLLM

        return OpenAICompatibleLLM.from_settings(settings)
    from integrations.llm.local import LocalLLM

    return LocalLLM()
