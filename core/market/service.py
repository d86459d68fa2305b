"""Market intelligence as the API serves it: computed from the job index, with an optional
short narrative from the LLM."""

from __future__ import annotations

import json

from core.errors import InvalidInput
from core.jobs.cache import INDEX_CACHE
from core.llm.port import LLM, LLMError, StructuredRequest
from core.logs import get_logger
from core.market.intelligence import market_intelligence
from core.market.report import MarketReport
from core.storage.port import Store

log = get_logger(__name__)
MAX_QUERY = 200

_NARRATIVE_SCHEMA = {
    "type": "object",
    "properties": {"narrative": {"type": "string", "description": "At most four sentences"}},
    "required": ["narrative"],
}


def get_market_intelligence(
    store: Store, llm: LLM | None, *, role: str | None, location: str | None
) -> MarketReport:
    for name, value in (("role", role), ("location", location)):
        if value is not None and len(value) > MAX_QUERY:
            raise InvalidInput(f"{name} is longer than {MAX_QUERY} characters")
    report = market_intelligence(INDEX_CACHE.get(store), role=role, location=location)
    if llm is not None and llm.available and report.open_postings:
        try:
            out = llm.structured(
                StructuredRequest(
                    instructions=(
                        "Summarise this job-market data for a job seeker in at most four "
                        "sentences. Use only the figures given; say when the sample is small."
                    ),
                    untrusted_document=f"role: {role or 'any'}\nlocation: {location or 'any'}",
                    tool_name="market_narrative",
                    tool_description="Record the narrative",
                    json_schema=_NARRATIVE_SCHEMA,
                    context=json.dumps(
                        report.model_dump(by_alias=True, mode="json", exclude={"narrative"})
                    ),
                    interactive=True,
                )
            )
            report.narrative = str(out.get("narrative", ""))[:1500] or None
        except LLMError as exc:
            log.warning("market_narrative_fallback", error=str(exc))
    return report
