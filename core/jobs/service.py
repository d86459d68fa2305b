"""The jobs feature as the API, the CLI and the workers use it."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from core.errors import InvalidInput, NotFound
from core.jobs.cache import INDEX_CACHE, SCORE_CACHE
from core.jobs.importer import FileFormatError, parse_file
from core.jobs.index import JobIndex
from core.jobs.ingest import IngestResult, ingest_postings, sync_board
from core.jobs.model import JOBS_TABLE, RawPosting
from core.jobs.profile import CandidateProfile, build_profile
from core.jobs.rank import JobQuery, rank
from core.jobs.score import explain_rows, score
from core.llm.port import LLM, LLMError, StructuredRequest
from core.logs import get_logger
from core.resume.service import latest_analysis
from core.storage.port import Store
from core.users.repository import find_user

log = get_logger(__name__)

# Internal bookkeeping that never leaves the API.
_PRIVATE = ("features", "contentHash", "version", "dedupKey", "board")


# --- the person -------------------------------------------------------------------------------


def load_profile(store: Store, user_id: str) -> CandidateProfile:
    user = find_user(store, user_id)
    return build_profile(user.to_item() if user else None, latest_analysis(store, user_id))


# --- reading jobs -----------------------------------------------------------------------------


def public_job(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k not in _PRIVATE}


def current_index(store: Store) -> JobIndex:
    return INDEX_CACHE.get(store)


def list_jobs(store: Store, redis: Any, user_id: str, query: JobQuery) -> dict[str, Any]:
    """A page of open jobs with the person's scores, best first (or newest first)."""
    query = query.validated()
    index = current_index(store)
    profile = load_profile(store, user_id)
    scores = None
    if not profile.is_empty and index.size:
        scores = SCORE_CACHE.scores(index, profile, user_id=user_id, redis=redis)
    page = rank(index, scores, query)
    details = explain_rows(index, profile, page.rows) if scores is not None else []
    items = []
    for k, row in enumerate(page.rows):
        item = dict(index.summaries[row])
        if details:
            d = details[k]
            item.update(
                score=d["score"],
                scoreBreakdown=d["scoreBreakdown"],
                matchedSkills=d["matchedSkills"],
                missingSkills=d["missingSkills"],
            )
        else:
            item.update(score=None, scoreBreakdown=None, matchedSkills=[], missingSkills=[])
        items.append(item)
    return {
        "items": items,
        "total": page.total,
        "page": query.page,
        "pageSize": query.page_size,
        "sort": query.sort if scores is not None else "date",
        "profileComplete": not profile.is_empty,
    }


def get_job_item(store: Store, job_id: str) -> dict[str, Any]:
    item = store.get(JOBS_TABLE, {"jobId": job_id})
    if item is None:
        raise NotFound("no such job")
    return item


def _match(store: Store, item: dict[str, Any], profile: CandidateProfile) -> dict[str, Any]:
    if profile.is_empty:
        return {
            "score": None,
            "scoreBreakdown": None,
            "matchedSkills": [],
            "missingSkills": [],
            "missingNiceToHave": [],
            "reasons": ["Add your skills and target role, or upload a resume, to see scores"],
        }
    index = current_index(store)
    row = index.row_of.get(item["jobId"])
    if row is not None:
        return explain_rows(index, profile, [row])[0]
    return score(profile, item)


def get_job(store: Store, user_id: str, job_id: str) -> dict[str, Any]:
    """One job with the person's full score breakdown, and the other boards listing it."""
    item = get_job_item(store, job_id)
    profile = load_profile(store, user_id)
    out = public_job(item)
    out.update(_match(store, item, profile))
    out["alsoListedOn"] = _also_listed(store, item)
    return out


def _also_listed(store: Store, item: dict[str, Any]) -> list[dict[str, Any]]:
    key = item.get("dedupKey")
    if not key:
        return []
    others = store.query(JOBS_TABLE, key, index="DedupIndex", limit=20)
    return [
        {"jobId": o["jobId"], "source": o.get("source"), "url": o.get("url")}
        for o in others
        if o["jobId"] != item["jobId"] and o.get("status") == "open"
    ]


_EXPLAIN_SCHEMA = {
    "type": "object",
    "properties": {
        "summary": {"type": "string", "description": "Two or three sentences, plain English"},
        "strengths": {"type": "array", "items": {"type": "string"}, "maxItems": 5},
        "gaps": {"type": "array", "items": {"type": "string"}, "maxItems": 5},
        "advice": {"type": "array", "items": {"type": "string"}, "maxItems": 4},
    },
    "required": ["summary", "strengths", "gaps", "advice"],
}


def match_job(store: Store, llm: LLM | None, user_id: str, job_id: str) -> dict[str, Any]:
    """The job, its breakdown, and a written explanation: from the LLM when one is
    configured, else written from the breakdown."""
    job = get_job(store, user_id, job_id)
    profile = load_profile(store, user_id)
    explanation = rules_explanation(job, profile)
    if llm is not None and llm.available and job.get("score") is not None:
        try:
            explanation = _llm_explanation(llm, job, profile)
        except LLMError as exc:
            log.warning("match_explanation_fallback", error=str(exc))
    job["explanation"] = explanation
    return job


def _llm_explanation(llm: LLM, job: dict[str, Any], profile: CandidateProfile) -> dict[str, Any]:
    context = {
        "score": job["score"],
        "scoreBreakdown": job["scoreBreakdown"],
        "matchedSkills": job["matchedSkills"],
        "missingSkills": job["missingSkills"],
        "reasons": job["reasons"],
        "candidate": {
            "skills": profile.skills[:40],
            "yearsExperience": profile.years,
            "recentTitles": profile.titles[:3],
            "targetRole": profile.target_role,
            "location": profile.location,
        },
    }
    posting = "\n".join(
        [
            job.get("title") or "",
            job.get("company") or "",
            job.get("location") or "",
            job.get("description") or "",
        ]
    )[:12000]
    result = llm.structured(
        StructuredRequest(
            instructions=(
                "Explain to a job seeker how well this job posting fits them. Use the score "
                "breakdown and skill lists in the data as facts; do not invent skills or "
                "experience they do not have. Be specific, warm and brief."
            ),
            untrusted_document=posting,
            tool_name="explain_match",
            tool_description="Record the explanation of the match",
            json_schema=_EXPLAIN_SCHEMA,
            context=json.dumps(context),
            interactive=True,
        )
    )
    return {
        "summary": str(result.get("summary", ""))[:2000],
        "strengths": [str(s)[:300] for s in result.get("strengths", [])][:5],
        "gaps": [str(s)[:300] for s in result.get("gaps", [])][:5],
        "advice": [str(s)[:300] for s in result.get("advice", [])][:4],
        "generatedBy": "llm",
    }


def rules_explanation(job: dict[str, Any], profile: CandidateProfile) -> dict[str, Any]:
    """A written explanation built only from the score breakdown."""
    s = job.get("score")
    if s is None:
        return {
            "summary": job["reasons"][0],
            "strengths": [],
            "gaps": [],
            "advice": [],
            "generatedBy": "rules",
        }
    b = job["scoreBreakdown"]
    verdict = (
        "a strong match"
        if s >= 75
        else "a good match"
        if s >= 55
        else "a partial match"
        if s >= 35
        else "a weak match"
    )
    title = job.get("title", "This job")
    summary = f"{title} at {job.get('company', 'this company')} is {verdict} for you ({s}/100)."
    strengths: list[str] = []
    gaps: list[str] = []
    labels = {
        "skills": "skills",
        "title": "job title",
        "text": "resume wording",
        "seniority": "seniority",
        "experience": "years of experience",
        "location": "location",
        "salary": "salary",
    }
    for name, value in b.items():
        if value is None:
            continue
        if value >= 75:
            strengths.append(f"Your {labels[name]} fits ({value}/100)")
        elif value < 45:
            gaps.append(f"Your {labels[name]} is a weaker fit ({value}/100)")
    if job.get("matchedSkills"):
        strengths.insert(0, "You already have " + ", ".join(job["matchedSkills"][:6]))
    advice: list[str] = []
    missing = job.get("missingSkills") or []
    if missing:
        gaps.insert(0, "Missing required skills: " + ", ".join(missing[:6]))
        advice.append(
            f"Show any experience you have with {', '.join(missing[:3])} in your "
            "resume, or plan to learn them"
        )
    if b.get("experience") is not None and b["experience"] < 60:
        advice.append("Lead with your most relevant achievements to offset fewer years")
    if b.get("title") is not None and b["title"] < 40 and profile.target_role:
        advice.append(
            f"This role differs from your target ({profile.target_role}); "
            "apply if the work itself appeals to you"
        )
    return {
        "summary": summary,
        "strengths": strengths[:5],
        "gaps": gaps[:5],
        "advice": advice[:4],
        "generatedBy": "rules",
    }


# --- writing jobs -----------------------------------------------------------------------------


def import_file(store: Store, data: bytes, filename: str) -> dict[str, Any]:
    """Import postings from a file: good rows are stored, bad ones reported."""
    try:
        parsed = parse_file(data, filename)
    except FileFormatError as exc:
        raise InvalidInput(str(exc)) from None
    result = (
        ingest_postings(store, [p for _, p in parsed.postings])
        if parsed.postings
        else IngestResult()
    )
    return {
        "rows": len(parsed.postings) + len({e.line for e in parsed.errors}),
        "imported": len(parsed.postings),
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "rejected": len({e.line for e in parsed.errors}),
        "errors": [e.to_dict() for e in parsed.errors],
    }


def _no_progress(stage: str, percent: int | None = None) -> None:
    return None


def publish_index(store: Store) -> dict[str, Any] | None:
    """Where the job index is published (AWS): publish it if the jobs changed since the last
    snapshot. Called after every ingestion, so a run that failed before publishing is made good
    by the next one. None when there was nothing to do."""
    pointer = INDEX_CACHE.publish_if_stale(store)
    if pointer is None:
        return None
    return {"generation": pointer.generation, "jobs": pointer.jobs, "bytes": pointer.size_bytes}


def sync_one_board(
    store: Store,
    board: str,
    fetch: Callable[[], list[RawPosting]],
    progress: Callable[[str, int | None], None] | None = None,
) -> dict[str, Any]:
    result = sync_board(store, board, fetch, progress=progress or _no_progress)
    return {"board": board, **result.to_dict()}
