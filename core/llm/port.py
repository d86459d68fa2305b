"""The LLM port. Features ask for structured output (a JSON object matching a schema).

Untrusted text (resumes, emails, job posts) goes in `untrusted_document` only: adapters deliver it
as delimited data, never as instructions.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any


class LLMError(Exception):
    """The model could not be reached or gave no usable answer (callers fall back)."""


@dataclass(frozen=True)
class StructuredRequest:
    instructions: str  # trusted: written by us
    untrusted_document: str  # resume/email text, delivered as data
    tool_name: str
    tool_description: str
    json_schema: dict[str, Any]
    context: str = ""  # trusted extra context (e.g. the local analysis as JSON)


class LLM(ABC):
    name: str = "llm"

    @property
    @abstractmethod
    def available(self) -> bool:
        """False for the local stand-in: features then keep their deterministic result."""

    @abstractmethod
    def structured(self, request: StructuredRequest) -> dict[str, Any]:
        """Ask the model to answer by calling the tool; returns the tool input. Raises LLMError."""
