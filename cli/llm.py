"""The language model a command uses: the configured one, or none (local analysis only)."""

from __future__ import annotations

from core.llm.port import LLM
from core.settings import Settings


def configured_llm(settings: Settings) -> LLM | None:
    if settings.llm_backend == "local":
        return None
    from integrations.llm import build_llm

    return build_llm(settings)
