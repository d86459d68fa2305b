from core.llm.port import LLM, LLMError, StructuredRequest

__all__ = ["LLM", "LLMError", "StructuredRequest"]
