"""The roadmap task's body: build the roadmap from ingested postings (or, when too few match
the target role, from the bundled demo market), then let the LLM add resources and a
narrative when one is configured."""

from __future__ import annotations

import json
from typing import Any

from core.errors import InvalidInput
from core.jobs.cache import INDEX_CACHE
from core.jobs.index import JobIndex, index_jobs, role_postings
from core.jobs.service import load_profile
from core.llm.port import LLM, LLMError, StructuredRequest
from core.logs import get_logger
from core.once import once
from core.roadmap.model import Resource, Roadmap
from core.roadmap.plan import MIN_POSTINGS, build_roadmap
from core.storage.port import Store

log = get_logger(__name__)
MAX_ROLE = 200
MAX_SKILLS = 100


_RESOURCES_SCHEMA = {
    "type": "object",
    "properties": {
        "narrative": {"type": "string", "description": "Three to five encouraging sentences"},
        "resources": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "skill": {"type": "string"},
                    "title": {"type": "string"},
                    "kind": {
                        "type": "string",
                        "enum": ["course", "book", "docs", "project", "certification", "practice"],
                    },
                    "url": {"type": "string"},
                },
                "required": ["skill", "title", "kind"],
            },
            "maxItems": 20,
        },
    },
    "required": ["narrative", "resources"],
}


@once
def demo_index() -> JobIndex:
    """The bundled demo postings as an index (a reference market for any install)."""
    from core.jobs.data.catalog import demo_postings
    from core.jobs.normalise import normalise

    return index_jobs(normalise(p) for p in demo_postings())


def validate_request(
    current_role: Any, target_role: Any, skills: Any
) -> tuple[str | None, str, list[str]]:
    if not isinstance(target_role, str) or not target_role.strip():
        raise InvalidInput("targetRole is required")
    if len(target_role) > MAX_ROLE or (
        isinstance(current_role, str) and len(current_role) > MAX_ROLE
    ):
        raise InvalidInput(f"roles must be at most {MAX_ROLE} characters")
    if current_role is not None and not isinstance(current_role, str):
        raise InvalidInput("currentRole must be text")
    if skills is None:
        skills = []
    if isinstance(skills, str):
        skills = [s.strip() for s in skills.split(",")]
    if not isinstance(skills, list) or not all(isinstance(s, str) for s in skills):
        raise InvalidInput("skills must be a list of names")
    if len(skills) > MAX_SKILLS:
        raise InvalidInput(f"at most {MAX_SKILLS} skills")
    return (current_role or None), target_role.strip(), [s.strip() for s in skills if s.strip()]


def generate_roadmap(
    store: Store | None,
    llm: LLM | None,
    *,
    current_role: str | None,
    target_role: str,
    skills: list[str],
    user_id: str | None = None,
) -> Roadmap:
    """The roadmap for the request; with `user_id`, also for what the person's profile and
    latest analysed resume say (see `with_profile`)."""
    current_role, target_role, skills = validate_request(current_role, target_role, skills)
    if store is not None and user_id:
        current_role, skills = with_profile(store, user_id, current_role, skills)
    index = INDEX_CACHE.get(store) if store is not None else None
    if index is None or role_postings(index, target_role).size < MIN_POSTINGS:
        roadmap = build_roadmap(
            demo_index(),
            current_role=current_role,
            target_role=target_role,
            skills=skills,
            source="demo",
        )
    else:
        roadmap = build_roadmap(
            index, current_role=current_role, target_role=target_role, skills=skills
        )
    roadmap.narrative = None
    roadmap.generated_by = "rules"
    if llm is not None and llm.available:
        try:
            _enrich(llm, roadmap)
        except LLMError as exc:
            log.warning("roadmap_llm_fallback", error=str(exc))
    return roadmap


def with_profile(
    store: Store, user_id: str, current_role: str | None, skills: list[str]
) -> tuple[str | None, list[str]]:
    """The person as job scoring sees them (profile and latest analysed resume, merged): their
    skills join the ones asked about, and their latest title stands in for a current role the
    request leaves out."""
    person = load_profile(store, user_id)
    role = current_role or (person.titles[0] if person.titles else None)
    return role, list(dict.fromkeys([*skills, *person.skills]))


def _enrich(llm: LLM, roadmap: Roadmap) -> None:
    out = llm.structured(
        StructuredRequest(
            instructions=(
                "You are a careers coach. For the learning roadmap in the data, suggest "
                "well-known learning resources for each milestone's skills and write a short "
                "narrative. Keep the milestones, skills and weeks exactly as given."
            ),
            untrusted_document=(
                f"current role: {roadmap.current_role or 'unknown'}\n"
                f"target role: {roadmap.target_role}"
            ),
            tool_name="roadmap_resources",
            tool_description="Record resources and narrative for the roadmap",
            json_schema=_RESOURCES_SCHEMA,
            context=json.dumps(
                roadmap.model_dump(
                    by_alias=True,
                    mode="json",
                    exclude_unset=True,
                    include={"milestones", "required_skills", "timeline"},
                )
            ),
        )
    )
    by_skill: dict[str, list[Resource]] = {}
    for r in out.get("resources") or []:
        if isinstance(r, dict) and r.get("skill") and r.get("title"):
            # Only the details the model gave: the others stay unset, left out of the answer.
            given = {k: str(r[k])[:300] for k in ("title", "kind", "url") if r.get(k)}
            by_skill.setdefault(str(r["skill"]), []).append(Resource.model_validate(given))
    for m in roadmap.milestones:
        m.resources = [x for s in m.skills for x in by_skill.get(s, [])][:6]
    roadmap.narrative = str(out.get("narrative") or "")[:2000] or None
    roadmap.generated_by = "llm"
