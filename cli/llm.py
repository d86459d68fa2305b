"""The language model a command uses: the configured one, or none (local analysis only)."""

from __future__ import annotations

from core.llm.port import LLM
from core.settings import Settings


def configured_llm(settings: Settings) -> LLM | None:
    if settings.llm_backend == "local":
        return None
    from integrations.container import build_services

    # Built by the composition root like every client; only the model is built here.
    return build_services(settings).llm
